// Starts the real local stack (local-stack/target/local-stack.jar: Kafka, PostgreSQL, gateway, worker
// in one process) on free ports with a fresh data directory, and reads what it prints.
import { spawn, execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const repository = resolve(here, '../../../..');

export async function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * @returns {Promise<{gateway: string, token: string, consoleUrl: string, kafka: string, secret: string,
 *   jar: string, stop: () => Promise<void>}>}
 */
export async function startStack({ timeoutMs = 150_000 } = {}) {
  const jar = process.env.LOCAL_STACK_JAR ?? join(repository, 'local-stack/target/local-stack.jar');
  if (!existsSync(jar)) throw new Error(`${jar} is missing: build it with ./mvnw -B -pl local-stack -am package -DskipTests`);
  const data = mkdtempSync(join(tmpdir(), 'invoice-js-test-'));
  const [gatewayPort, workerPort, pgPort, kafkaPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  // Set here so the tests can mint tokens for other clinics and scopes, as an identity provider would.
  const secret = randomBytes(48).toString('base64url');
  const child = spawn('java', ['-jar', jar], {
    env: {
      ...process.env,
      SERVER_PORT: String(gatewayPort),
      INVOICE_WORKER_PORT: String(workerPort),
      INVOICE_LOCAL_PG_PORT: String(pgPort),
      INVOICE_LOCAL_KAFKA_PORT: String(kafkaPort),
      INVOICE_LOCAL_DATA: data,
      INVOICE_JWT_SECRET: secret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const printed = new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`The stack printed no console URL in ${timeoutMs} ms:\n${output.slice(-4000)}`)), timeoutMs);
    const read = (chunk) => {
      output += chunk;
      const gateway = /Gateway: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      const token = /export TOKEN=(\S+)/.exec(output);
      const consoleUrl = /Console: (\S+)/.exec(output);
      if (gateway && token && consoleUrl) {
        clearTimeout(timer);
        done({ gateway: gateway[1], token: token[1], consoleUrl: consoleUrl[1] });
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    exited.then(({ code }) => { clearTimeout(timer); fail(new Error(`The stack exited with ${code}:\n${output.slice(-4000)}`)); });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(data, { recursive: true, force: true });
  };
  try {
    const seen = await printed;
    await until(async () => {
      const health = await fetch(`${seen.gateway}/actuator/health`).catch(() => null);
      return health?.status === 200 && (await health.json()).status === 'UP';
    }, timeoutMs);
    return { ...seen, kafka: `127.0.0.1:${kafkaPort}`, secret, jar, stop, output: () => output };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function until(condition, timeoutMs = 30_000, intervalMs = 200) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Not true within ${timeoutMs} ms: ${condition}`);
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/** An HS256 token as the local stack accepts it. */
export function mintToken(secret, clinicId, scope) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  // Issued a little in the past: a gateway whose clock is a bit behind still takes it.
  const now = Math.floor(Date.now() / 1000) - 120;
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: `test-${clinicId}`, clinic_id: clinicId, scope, iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${createHmac('sha256', Buffer.from(secret)).update(unsigned).digest('base64url')}`;
}

/**
 * Writes bytes that are not Avro to invoice.commands under a key of `clinicId`: the worker cannot
 * decode them, so they become a dead letter of that clinic. Uses the Kafka client inside the stack's
 * jar through Java's single-file launcher.
 */
export function sendPoisonCommand(stack, clinicId, idempotencyKey) {
  runSupport(stack, 'PoisonCommand.java', `${clinicId}:${idempotencyKey}`);
}

/** A valid command of clinic 1 on the dead-letter topic (unknown_schema); returns its request id. */
export function sendDeadLetteredCommand(stack, idempotencyKey) {
  // The last line: the Kafka client may log to standard out before it.
  return runSupport(stack, 'DeadLetteredCommand.java', idempotencyKey).trim().split('\n').pop().trim();
}

/** Runs a support program with the stack jar's libraries (Kafka client, schemas); returns its output. */
function runSupport(stack, program, argument) {
  const libs = mkdtempSync(join(tmpdir(), 'invoice-js-libs-'));
  try {
    execFileSync('jar', ['xf', stack.jar, 'BOOT-INF/lib/'], { cwd: libs });
    return execFileSync('java', ['-cp', join(libs, 'BOOT-INF/lib/*'), join(here, program), stack.kafka, argument],
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } finally {
    rmSync(libs, { recursive: true, force: true });
  }
}
