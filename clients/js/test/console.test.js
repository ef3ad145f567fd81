import assert from 'node:assert/strict';
import { after, before, describe, test as nodeTest } from 'node:test';
import { chromium } from 'playwright-core';
import { InvoiceClient } from '../src/index.js';
import { clinic1, consoleUrl, gateway, stack, tokenFor } from './support/env.js';

const token = clinic1;
import { startProxy } from './support/proxy.js';
import { sendDeadLetteredCommand, sendPoisonCommand, until } from './support/stack.js';

// Debian's chromium, never a browser downloaded by a tool.
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WAIT = { timeout: 30_000 };

// A hung test fails alone instead of holding the run.
const test = (name, fn) => nodeTest(name, { timeout: 90_000 }, fn);

describe('the console page in Chromium against the local stack', () => {
  let browser;
  let proxy;
  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    proxy = await startProxy(gateway);
  });
  after(async () => {
    await browser?.close();
    await proxy?.close();
  });

  /** A page whose errors show in the test output. */
  async function newPage() {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') console.log(`page console: ${message.text()}`); });
    return page;
  }

  /** The console through the proxy, with the token from the fragment as the stack prints it. */
  async function openConsole(base = proxy.url, pageToken = token) {
    const page = await newPage();
    await page.goto(`${base}/console/#token=${pageToken}`);
    await page.getByText('Live: following').waitFor(WAIT);
    return page;
  }

  function row(page, requestId) {
    return page.locator(`#requests tr[data-request-id="${requestId}"] .status`);
  }

  async function submitForm(page, { patientId = '101', productId = '1', quantity = '1' } = {}) {
    await page.getByLabel('Patient id').fill(patientId);
    await page.getByLabel('Product id', { exact: false }).fill(productId);
    await page.getByLabel('Quantity').fill(quantity);
    await page.getByRole('button', { name: 'Create invoice' }).click();
  }

  async function acceptedRequestId(page) {
    const text = await page.locator('#submit-result').filter({ hasText: 'Accepted as' }).textContent(WAIT);
    return /Accepted as (\S+)/.exec(text)[1];
  }

  test('the printed console URL opens the page, takes the token and clears it from the address bar', async () => {
    const page = await newPage();
    await page.goto(consoleUrl);
    await page.getByText('Live: following').waitFor(WAIT);
    assert.ok(!page.url().includes('token='));
    await page.close();
  });

  test('creates an invoice through the form and shows CREATED live', async () => {
    const page = await openConsole(gateway);
    await submitForm(page, { patientId: '106' });
    const requestId = await acceptedRequestId(page);
    await row(page, requestId).filter({ hasText: 'CREATED' }).waitFor(WAIT);
    assert.match(await page.locator(`#requests tr[data-request-id="${requestId}"] .amount`).textContent(), /299\.00 usd/);
    await page.close();
  });

  test('shows each problem+json error next to the field it names, reachable by keyboard', async () => {
    const page = await openConsole(gateway);
    await submitForm(page, { patientId: '-5', quantity: '0' });
    await page.locator('#error-patientId').filter({ hasText: /\S/ }).waitFor(WAIT);
    assert.notEqual(await page.locator('#error-lineItems-0-quantity').textContent(), '');
    assert.equal(await page.getByLabel('Patient id').getAttribute('aria-invalid'), 'true');
    // Focus moves to the first field in error.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'patientId');
    await page.close();
  });

  test('retries the 503s of a busy gateway with one key and makes one invoice', async () => {
    const page = await openConsole();
    proxy.state.failSubmits = 2;
    const from = proxy.state.seen.length;
    await submitForm(page, { patientId: '107', productId: '2', quantity: '1' });
    await page.getByText('Busy; retrying').waitFor(WAIT);
    const requestId = await acceptedRequestId(page);
    assert.match(await page.locator('#submit-result').textContent(), /after 3 attempt/);
    const submits = proxy.state.seen.slice(from).filter((r) => r.method === 'POST' && r.path === '/v1/invoices');
    assert.equal(submits.length, 3);
    assert.equal(new Set(submits.map((r) => r.headers['idempotency-key'])).size, 1);
    assert.equal(submits.filter((r) => r.forwarded).length, 1);
    await row(page, requestId).filter({ hasText: 'CREATED' }).waitFor(WAIT);
    assert.equal(await page.locator(`#requests tr[data-request-id="${requestId}"]`).count(), 1);
    await page.close();
  });

  test('a stream cut mid-way still shows the final status after the reconnect', async () => {
    proxy.state.holdNextStream = true;
    const page = await openConsole();
    await submitForm(page, { patientId: '108', productId: '3', quantity: '1' });
    const requestId = await acceptedRequestId(page);
    const direct = new InvoiceClient({ baseUrl: gateway, token });
    await until(async () => (await direct.getStatus(requestId)).status.status !== 'PENDING', 30_000);
    // Held: the page has not heard of it yet.
    assert.equal(await row(page, requestId).textContent(), 'PENDING');
    proxy.cutHeldStreams();
    await row(page, requestId).filter({ hasText: 'CREATED' }).waitFor(WAIT);
    await page.close();
  });

  test('lists a dead letter, dry-runs and replays it from the page (an undecodable one: reported, not republished)', async () => {
    sendPoisonCommand(stack, 1, `poison-${Date.now()}`);
    const page = await openConsole(gateway);
    await until(async () => {
      await page.getByRole('button', { name: 'Load dead letters' }).click();
      return (await page.locator('#dead-letters tbody tr').count()) > 0;
    }, 60_000, 1000);
    assert.match(await page.locator('#dead-letters tbody').textContent(), /undecodable/);
    assert.equal(await page.getByLabel('Error code to replay').inputValue(), 'undecodable');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText('Dry run: 1 matched, nothing replayed.').waitFor(WAIT);
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    // Bytes that are not a command are matched and reported, never published again.
    await page.getByText('Replayed 0 of 1 matched. 1 cannot be replayed: their bytes are not a command.').waitFor(WAIT);
    await page.close();
  });

  test('replays a dead-lettered command from the page, and it makes its invoice', async () => {
    const requestId = sendDeadLetteredCommand(stack, `dead-lettered-${Date.now()}`);
    const page = await openConsole(gateway);
    await until(async () => {
      await page.getByRole('button', { name: 'Load dead letters' }).click();
      return (await page.locator('#dead-letters tbody').textContent()).includes(requestId);
    }, 60_000, 1000);
    await page.getByLabel('Error code to replay').fill('unknown_schema');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByText('Dry run: 1 matched, nothing replayed.').waitFor(WAIT);
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.getByText('Replayed 1 of 1 matched.').waitFor(WAIT);
    const direct = new InvoiceClient({ baseUrl: gateway, token });
    // Unknown (404) until the replayed command is read back: keep asking.
    await until(async () => (await direct.getStatus(requestId).catch(() => null))?.status.status === 'CREATED', 60_000);
    await page.close();
  });

  test('without invoices:admin the dead letters say so', async () => {
    const page = await openConsole(gateway, tokenFor(1, 'invoices:read invoices:write'));
    await page.getByRole('button', { name: 'Load dead letters' }).click();
    await page.getByText('lacks the invoices:admin scope').waitFor(WAIT);
    await page.close();
  });
});
