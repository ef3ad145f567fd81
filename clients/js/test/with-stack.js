// Starts the local stack once, runs every test file against it with Node's test runner, stops it.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startStack } from './support/stack.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const started = Date.now();
const stack = await startStack();
console.log(`Local stack up at ${stack.gateway} in ${Math.round((Date.now() - started) / 1000)} s`);
const files = process.argv.slice(2).length ? process.argv.slice(2)
  : readdirSync(here).filter((name) => name.endsWith('.test.js')).map((name) => `${here}${name}`);
const code = await new Promise((done) => {
  const tests = spawn(process.execPath, ['--test', '--test-concurrency=1', ...files], {
    stdio: 'inherit',
    env: {
      ...process.env,
      INVOICE_TEST_GATEWAY: stack.gateway,
      INVOICE_TEST_TOKEN: stack.token,
      INVOICE_TEST_CONSOLE_URL: stack.consoleUrl,
      INVOICE_TEST_SECRET: stack.secret,
      INVOICE_TEST_KAFKA: stack.kafka,
      LOCAL_STACK_JAR: stack.jar,
    },
  });
  tests.on('exit', (status) => done(status ?? 1));
});
await stack.stop();
console.log(`Client and browser tests: ${code === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(code);
