import assert from 'node:assert/strict';
import { after, before, describe, test as nodeTest } from 'node:test';
import {
  AuthError, InvoiceClient, NotFoundError, RetryLaterError, ValidationError, newIdempotencyKey,
} from '../src/index.js';
import { clinic1, gateway, printedToken, tokenFor } from './support/env.js';

const token = clinic1;
import { startProxy } from './support/proxy.js';
import { until } from './support/stack.js';

let amount = 5000 + Math.floor(Math.random() * 1000) * 10;
/** A visit of its own amount: the same patient and amount within 2 minutes would be a DUPLICATE. */
const visit = () => ({ patientId: 101, lineItems: [{ description: 'Visit', unitAmount: ++amount, quantity: 1 }] });

// A hung test fails alone instead of holding the run.
const test = (name, fn) => nodeTest(name, { timeout: 90_000 }, fn);

describe('the invoice client against the local stack', () => {
  let proxy;
  before(async () => { proxy = await startProxy(gateway); });
  after(() => proxy.close());

  test('submits an invoice and resolves with its final status from the event stream', async () => {
    // The token the stack printed works as it is.
    const client = new InvoiceClient({ baseUrl: gateway, token: printedToken });
    const accepted = await client.submitInvoice({ patientId: 102, lineItems: [{ productId: 3, quantity: 2 }] });
    assert.equal(accepted.status, 'PENDING');
    assert.equal(accepted.attempts, 1);
    const seen = [];
    const result = await client.waitForResult(accepted.requestId, { onStatus: (s) => seen.push(s.status) });
    assert.equal(result.status, 'CREATED');
    assert.equal(result.invoice.amount, 9800);
    assert.equal(seen.at(-1), 'CREATED');
  });

  test('retries 503 with Retry-After using one key, and one invoice is made', async () => {
    const client = new InvoiceClient({ baseUrl: proxy.url, token });
    proxy.state.failSubmits = 2;
    const from = proxy.state.seen.length;
    const retries = [];
    const order = { ...visit(), orderId: 777001 };
    const accepted = await client.submitInvoice(order, { onRetry: (r) => retries.push(r) });
    const submits = proxy.state.seen.slice(from).filter((r) => r.method === 'POST');
    assert.equal(accepted.attempts, 3);
    assert.equal(submits.length, 3);
    assert.equal(new Set(submits.map((r) => r.headers['idempotency-key'])).size, 1);
    assert.equal(submits.filter((r) => r.forwarded).length, 1);
    assert.ok(retries.every((r) => r.waitMs >= 1000), 'waited at least the Retry-After');
    assert.equal((await client.waitForResult(accepted.requestId)).status, 'CREATED');
    // The same key again is the same request: no second invoice.
    const again = await client.submitInvoice(order, { idempotencyKey: accepted.idempotencyKey });
    assert.equal(again.requestId, accepted.requestId);
  });

  test('gives up at the deadline with the server\'s answer, still naming Retry-After', async () => {
    const client = new InvoiceClient({ baseUrl: proxy.url, token });
    proxy.state.failSubmits = 100;
    try {
      await assert.rejects(client.submitInvoice(visit(), { timeoutMs: 1500 }), (error) => {
        assert.ok(error instanceof RetryLaterError);
        assert.equal(error.status, 503);
        assert.equal(error.retryAfterMs, 1000);
        return true;
      });
    } finally {
      proxy.state.failSubmits = 0;
    }
  });

  test('stops retrying when its AbortSignal aborts', async () => {
    const client = new InvoiceClient({ baseUrl: 'http://127.0.0.1:9', token });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user left')), 300);
    await assert.rejects(client.submitInvoice(visit(), { signal: controller.signal }), /user left/);
  });

  test('turns problem+json answers into typed errors naming the field', async () => {
    const client = new InvoiceClient({ baseUrl: gateway, token });
    await assert.rejects(client.submitInvoice({ patientId: -1, lineItems: [{ productId: 1, quantity: 0 }] }), (error) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.status, 400);
      assert.ok(error.fieldErrors.patientId, JSON.stringify(error.errors));
      assert.ok(error.fieldErrors['lineItems[0].quantity'], JSON.stringify(error.errors));
      return true;
    });
    const readOnly = new InvoiceClient({ baseUrl: gateway, token: tokenFor(1, 'invoices:read') });
    await assert.rejects(readOnly.submitInvoice(visit()), (error) => error instanceof AuthError && error.status === 403);
    await assert.rejects(client.waitForResult(crypto.randomUUID()), NotFoundError);
  });

  test('another clinic never sees the request', async () => {
    const client = new InvoiceClient({ baseUrl: gateway, token });
    const accepted = await client.submitInvoice(visit());
    const other = new InvoiceClient({ baseUrl: gateway, token: tokenFor(2, 'invoices:read') });
    await assert.rejects(other.getStatus(accepted.requestId), NotFoundError);
  });

  test('a clinic stream cut while held resumes with Last-Event-ID and still gets the final status', async () => {
    const client = new InvoiceClient({ baseUrl: proxy.url, token });
    const direct = new InvoiceClient({ baseUrl: gateway, token });
    const controller = new AbortController();
    const statuses = [];
    let connected = 0;
    proxy.state.holdNextStream = true;
    const from = proxy.state.seen.length;
    const watching = client.watchClinic({
      signal: controller.signal,
      onConnected: () => connected++,
      onStatus: (s) => statuses.push(s),
    });
    try {
      await until(() => connected === 1);
      // Made and finished while the stream delivers nothing, as behind a dead connection.
      const accepted = await direct.submitInvoice(visit());
      await until(async () => (await direct.getStatus(accepted.requestId)).status.status !== 'PENDING');
      assert.ok(!statuses.some((s) => s.requestId === accepted.requestId && s.status === 'CREATED'));
      proxy.cutHeldStreams();
      await until(() => statuses.some((s) => s.requestId === accepted.requestId && s.status === 'CREATED'));
      const reconnect = proxy.state.seen.slice(from).filter((r) => r.path === '/v1/invoice-requests/events')[1];
      assert.ok(reconnect?.headers['last-event-id'], 'the reconnect carried Last-Event-ID');
    } finally {
      // A watcher left running would keep reconnecting and the test process alive.
      controller.abort();
      await watching;
    }
  });

  test('waitForResult polls when the stream is refused and still resolves', async () => {
    // A fetch that refuses event streams, as some proxies do: the client falls back to polling.
    const noStreams = (url, init) => (String(url).endsWith('/events')
      ? Promise.resolve(new Response('', { status: 503, headers: { 'Retry-After': '1' } }))
      : fetch(url, init));
    const client = new InvoiceClient({ baseUrl: gateway, token, fetch: noStreams });
    const accepted = await client.submitInvoice(visit());
    const result = await client.waitForResult(accepted.requestId);
    assert.equal(result.status, 'CREATED');
  });

  test('an idempotency key is new each time', () => {
    assert.notEqual(newIdempotencyKey(), newIdempotencyKey());
  });
});
