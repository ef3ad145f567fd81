// A client for the invoice API that gets asynchronous submission right: one idempotency key per
// invoice kept across every retry, the server's Retry-After honoured, the event stream followed over
// fetch with Last-Event-ID on reconnect, and polling when streaming is not possible.
// No dependencies: runs in current browsers and in Node.js 20.

import { NetworkError, NotFoundError, RetryLaterError, problemOf, retryAfterOf } from './errors.js';
import { readEvents } from './events.js';

export * from './errors.js';
export { readEvents } from './events.js';

export const FINAL_STATES = Object.freeze(['CREATED', 'DUPLICATE', 'REJECTED']);

const RETRIED = new Set([429, 503]);

/** A fresh idempotency key: make one per invoice (per click), keep it until the invoice is accepted. */
export function newIdempotencyKey() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function isFinal(status) {
  return FINAL_STATES.includes(status?.status);
}

export class InvoiceClient {
  /**
   * @param {object} options
   * @param {string} [options.baseUrl] the gateway, e.g. `https://invoices.example`; '' for the page's own origin
   * @param {string | (() => string | Promise<string>)} options.token the bearer token, or a function giving the current one
   * @param {typeof fetch} [options.fetch]
   */
  constructor({ baseUrl = '', token, fetch: fetchImpl } = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = token;
    this.fetch = fetchImpl ?? ((...args) => globalThis.fetch(...args));
  }

  /**
   * Submits one invoice. Network errors, 429 and 503 are retried with the same idempotency key, after
   * the server's Retry-After (jittered), until `timeoutMs` or `signal` ends it; any other error is
   * thrown at once as a typed error. Resolves with the 202's body plus the key used.
   */
  async submitInvoice(request, { idempotencyKey = newIdempotencyKey(), signal, timeoutMs = 30_000, onRetry } = {}) {
    const deadline = Date.now() + timeoutMs;
    const body = JSON.stringify(request);
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        response = await this.#request('/v1/invoices', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
          body,
          signal,
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        const wait = backoff(attempt);
        if (Date.now() + wait > deadline) {
          throw new NetworkError(`The invoice API could not be reached: ${error.message}`, error);
        }
        onRetry?.({ attempt, error, waitMs: wait, idempotencyKey });
        await sleep(wait, signal);
        continue;
      }
      if (response.ok) {
        const accepted = await response.json();
        return { ...accepted, idempotencyKey, attempts: attempt };
      }
      if (!RETRIED.has(response.status)) throw await problemOf(response);
      const error = await problemOf(response);
      const wait = jitter(error.retryAfterMs ?? backoff(attempt));
      if (Date.now() + wait > deadline) throw error;
      onRetry?.({ attempt, error, waitMs: wait, idempotencyKey });
      await sleep(wait, signal);
    }
  }

  /** The current status of a request (`GET /v1/invoice-requests/{id}`), with the server's Retry-After. */
  async getStatus(requestId, { signal } = {}) {
    const response = await this.#request(`/v1/invoice-requests/${encodeURIComponent(requestId)}`, { signal });
    if (!response.ok) throw await problemOf(response);
    return { status: await response.json(), retryAfterMs: retryAfterOf(response) };
  }

  /**
   * Resolves with the request's final status (CREATED, DUPLICATE or REJECTED). Follows the event
   * stream, reconnecting with Last-Event-ID after a dropped connection; when a stream cannot be had it
   * polls the status at the server's Retry-After, then tries the stream again.
   */
  async waitForResult(requestId, { signal, timeoutMs = 5 * 60_000, onStatus } = {}) {
    const deadline = Date.now() + timeoutMs;
    const path = `/v1/invoice-requests/${encodeURIComponent(requestId)}`;
    let lastEventId = null;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.#request(`${path}/events`, {
          headers: { Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
          signal,
        });
        if (response.status === 404 || response.status === 410 || response.status === 401 || response.status === 403) {
          throw await problemOf(response);
        }
        if (response.ok && response.body && isEventStream(response)) {
          for await (const message of readEvents(response)) {
            if (message.event !== 'status') continue;
            if (message.id) lastEventId = message.id;
            const status = JSON.parse(message.data);
            onStatus?.(status);
            if (isFinal(status)) return status;
          }
          attempt = 0; // The stream worked and ended (a time-out, a restart): reconnect at once.
          continue;
        }
        await response.body?.cancel().catch(() => {});
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        if (error instanceof NotFoundError || error?.status === 401 || error?.status === 403) throw error;
      }
      // No stream now: poll once, then wait what the server asks before trying the stream again.
      let wait = backoff(attempt);
      try {
        const { status, retryAfterMs } = await this.getStatus(requestId, { signal });
        onStatus?.(status);
        if (isFinal(status)) return status;
        wait = jitter(retryAfterMs ?? wait);
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        if (!(error instanceof TypeError || error instanceof RetryLaterError)) throw error;
        if (error.retryAfterMs != null) wait = jitter(error.retryAfterMs);
      }
      if (Date.now() + wait > deadline) throw new RetryLaterError(0, { detail: `No final status for ${requestId} yet` });
      await sleep(wait, signal);
    }
  }

  /**
   * Follows every status change of the caller's clinic (`GET /v1/invoice-requests/events`) until
   * `signal` aborts, reconnecting with Last-Event-ID so no final status is missed.
   * @returns {Promise<void>} settles when aborted, or rejects on 401/403
   */
  async watchClinic({ signal, onStatus, onConnected } = {}) {
    let lastEventId = null;
    for (let attempt = 1; !signal?.aborted; attempt++) {
      try {
        const response = await this.#request('/v1/invoice-requests/events', {
          headers: { Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
          signal,
        });
        if (response.status === 401 || response.status === 403) throw await problemOf(response);
        if (response.ok && response.body) {
          for await (const message of readEvents(response)) {
            if (message.id) lastEventId = message.id;
            if (message.event === 'ready') {
              attempt = 0;
              onConnected?.();
            } else if (message.event === 'status') {
              onStatus?.(JSON.parse(message.data));
            }
          }
        } else {
          await response.body?.cancel().catch(() => {});
        }
      } catch (error) {
        if (signal?.aborted) return;
        if (error?.status === 401 || error?.status === 403) throw error;
      }
      await sleep(backoff(Math.max(attempt, 1)), signal).catch(() => {});
    }
  }

  /** `GET /v1/admin/dead-letters` (scope invoices:admin). */
  async listDeadLetters({ limit = 50, after, signal } = {}) {
    const query = new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}) });
    return this.#json(`/v1/admin/dead-letters?${query}`, { signal });
  }

  /**
   * `POST /v1/admin/dead-letters/replay` with `{ requestIds }` or `{ failedFrom, failedTo, errorCode }`,
   * and `dryRun`; resolves with `{ matched, replayed }`.
   */
  async replayDeadLetters(selection, { signal } = {}) {
    return this.#json('/v1/admin/dead-letters/replay', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(selection),
      signal,
    });
  }

  async #json(path, init) {
    const response = await this.#request(path, init);
    if (!response.ok) throw await problemOf(response);
    return response.json();
  }

  async #request(path, { headers = {}, ...init } = {}) {
    const token = typeof this.token === 'function' ? await this.token() : this.token;
    return this.fetch(`${this.baseUrl}${path}`, {
      ...init,
      headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
  }
}

function isEventStream(response) {
  return (response.headers.get('Content-Type') ?? '').startsWith('text/event-stream');
}

/** Exponential from 250 ms to 10 s, fully jittered: many clients retrying do not come back at once. */
function backoff(attempt) {
  return Math.random() * Math.min(10_000, 250 * 2 ** Math.min(attempt - 1, 6));
}

/** The server's wait, plus up to 20 %, so clients told the same Retry-After spread out. */
function jitter(ms) {
  return ms * (1 + Math.random() * 0.2);
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
