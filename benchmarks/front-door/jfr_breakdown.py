#!/usr/bin/env python3
"""CPU and allocation samples of a JFR recording, by what the request thread was doing.

usage: jfr_breakdown.py RECORDING.jfr [THREAD_PREFIX=http-nio]

Each sample is put under the innermost frame that matches a category below (walking from the top of
the stack down), so the cost of JWT verification inside the security filter chain counts as JWT,
not as the chain. Samples matching nothing are "other (JDK, Spring internals)".
"""
import collections
import re
import subprocess
import sys

CATEGORIES = [
    ("JWT verification", r"com\.nimbusds|NimbusJwtDecoder|JwtAuthenticationProvider|JwtAuthenticationConverter|"
                         r"VerifiedTokenCache|JwtTimestampValidator|DelegatingOAuth2TokenValidator|SecurityConfiguration"),
    ("fingerprint / request id", r"CommandIdentity"),
    ("validation", r"CreateInvoiceRules|CommandDraft"),
    ("Avro encoding", r"org\.apache\.avro|AvroSerde"),
    ("status store", r"RequestStatusStore|com\.github\.benmanes\.caffeine"),
    ("publish hand-off and wait", r"org\.apache\.kafka|KafkaTemplate|CommandPublisher|CommandIntake|"
                                  r"java\.util\.concurrent\.(CompletableFuture|ArrayBlockingQueue|locks)"),
    ("JSON binding (Jackson)", r"tools\.jackson|com\.fasterxml\.jackson|JacksonHttpMessageConverter|"
                               r"AbstractJackson"),
    ("observation / tracing / metrics", r"io\.micrometer|ObservationFilterChainDecorator|ServerHttpObservationFilter|"
                                        r"io\.opentelemetry|brave\.|SubmissionMetricsFilter"),
    ("logging", r"ch\.qos\.logback|org\.slf4j|org\.apache\.logging"),
    ("rate limit", r"bucket4j|SubmitRateLimit|ClinicRateLimits"),
    ("body reading (BodyReader)", r"BodyReader"),
    ("security filter chain", r"org\.springframework\.security"),
    ("the gateway's own code", r"com\.clinicbilling\.gateway"),
    ("Spring MVC dispatch / handler", r"org\.springframework\.web|org\.springframework\.http"),
    ("HTTP parsing and socket I/O (Tomcat)", r"org\.apache\.(coyote|tomcat|catalina)|sun\.nio|java\.net|jakarta\.servlet"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in CATEGORIES]
UNITS = {"bytes": 1, "byte": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


def classify(frames):
    for frame in frames:
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
    return "other (JDK, Spring internals)"


def events(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.ObjectAllocationSample",
                           "--stack-depth", "200", path], capture_output=True, text=True, check=True).stdout
    kind, thread, weight, frames, in_stack = None, "", 0, [], False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped in ("jdk.ExecutionSample {", "jdk.ObjectAllocationSample {"):
            kind, thread, weight, frames, in_stack = stripped.split()[0], "", 1, [], False
        elif stripped.startswith(("sampledThread =", "eventThread =")):
            match = re.search(r'"([^"]*)"', stripped)
            thread = match.group(1) if match else ""
        elif stripped.startswith("weight ="):
            number, unit = stripped.split("=")[1].split()
            weight = float(number.replace(",", "")) * UNITS.get(unit, 1)
        elif stripped.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack and stripped == "]":
            in_stack = False
        elif in_stack and stripped and stripped != "...":
            frames.append(stripped)
        elif stripped == "}" and kind:
            yield kind, thread, weight, frames
            kind = None


def main():
    prefix = sys.argv[2] if len(sys.argv) > 2 else "http-nio"
    cpu, alloc = collections.Counter(), collections.Counter()
    threads = collections.Counter()
    for kind, thread, weight, frames in events(sys.argv[1]):
        if kind == "jdk.ExecutionSample":
            threads[re.sub(r"\d+", "N", thread)] += 1
        if not thread.startswith(prefix):
            continue
        if kind == "jdk.ExecutionSample":
            cpu[classify(frames)] += 1
        else:
            alloc[classify(frames)] += weight
    total_cpu, total_alloc = sum(cpu.values()) or 1, sum(alloc.values()) or 1
    print(f"request threads ({prefix}*): {total_cpu} CPU samples, {total_alloc / 1024 ** 2:.0f} MB sampled allocation")
    print(f"{'what the request does':40s} {'CPU %':>6s} {'alloc %':>8s}")
    for name in sorted(set(cpu) | set(alloc), key=lambda n: -cpu[n]):
        print(f"{name:40s} {100 * cpu[name] / total_cpu:6.1f} {100 * alloc[name] / total_alloc:8.1f}")
    print("\nCPU samples by thread (all threads):")
    for name, count in threads.most_common(12):
        print(f"  {name:60s} {count}")


main()
