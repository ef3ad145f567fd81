#!/usr/bin/env python3
"""Thread CPU of a JVM between two `jcmd <pid> Thread.print` dumps, grouped by what the thread does.

usage: thread_cpu.py BEFORE.txt AFTER.txt ACCEPTED [PROCESS_CPU_MS]
"""
import re
import sys

LINE = re.compile(r'^"(?P<name>[^"]+)".*?cpu=(?P<cpu>[0-9.]+)ms')
GROUPS = [
    # Virtual threads (spring.threads.virtual.enabled, JDK 21+) are not in the dump: their carriers are.
    ("gateway request threads", re.compile(r"^(http-nio-.*-(exec|Poller|Acceptor)|ForkJoinPool-\d+-worker-)")),
    ("gateway publisher", re.compile(r"^command-publisher")),
    ("gateway producer I/O", re.compile(r"^kafka-producer-network-thread \| api-gateway")),
    ("worker", re.compile(r"invoice-worker|^HikariPool|^stripe")),
    ("JFR", re.compile(r"^JFR ")),
    ("gateway status feed", re.compile(r"^request-status-feed|^kafka-consumer.*gateway-status-feed")),
    ("broker", re.compile(r"^(data-plane|kafka-|broker-|controller-|quorum|raft|ExpirationReaper|LogDirFailure|"
                          r"kafka-log|kafka-request-handler|kafka-network|transaction|group-coordinator|"
                          r"share-coordinator|executor-|ReplicaFetcher|metadata|log-cleaner|ProducerStateManager)")),
    ("JIT compiler", re.compile(r"^C[12] CompilerThread")),
    ("GC", re.compile(r"^(GC |G1 |VM Thread|ZGC|Gang)")),
]


def read(path):
    threads = {}
    for line in open(path):
        match = LINE.match(line)
        if match:
            name = match.group("name")
            threads[name] = threads.get(name, 0.0) + float(match.group("cpu"))
    return threads


def group(name):
    for label, pattern in GROUPS:
        if pattern.search(name):
            return label
    return "other (worker, PostgreSQL client, ...)"


def main():
    before, after, accepted = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
    totals, detail = {}, {}
    for name, cpu in after.items():
        delta = cpu - before.get(name, 0.0)
        if delta <= 0:
            continue
        label = group(name)
        totals[label] = totals.get(label, 0.0) + delta
        key = re.sub(r"\d+", "N", name)
        detail[key] = detail.get(key, 0.0) + delta
    print(f"accepted requests: {accepted}")
    print(f"{'component':45s} {'CPU ms':>10s} {'ms/request':>11s}")
    for label, cpu in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"{label:45s} {cpu:10.0f} {cpu / accepted:11.4f}")
    gateway = sum(cpu for label, cpu in totals.items() if label.startswith("gateway"))
    print(f"{'gateway total (request+publisher+producer+feed)':45s} {gateway:10.0f} {gateway / accepted:11.4f}")
    if len(sys.argv) > 4:
        process = float(sys.argv[4])
        print(f"{'whole stack process (incl. PostgreSQL? no)':45s} {process:10.0f} {process / accepted:11.4f}")
    print("\ntop threads (digits folded):")
    for key, cpu in sorted(detail.items(), key=lambda item: -item[1])[:25]:
        print(f"  {key:70s} {cpu:10.0f}")


main()
