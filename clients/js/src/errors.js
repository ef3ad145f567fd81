// problem+json answers (RFC 9457) as typed errors. A 400 names the fields it refuses, so a form can
// show each message next to its field.

/** Any answer of the API that is not a success, with its problem+json fields. */
export class ProblemError extends Error {
  constructor(status, problem = {}, retryAfterMs = null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ProblemError';
    this.status = status;
    this.type = problem.type ?? null;
    this.title = problem.title ?? null;
    this.detail = problem.detail ?? null;
    /** @type {{field: string, message: string}[]} */
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.problem = problem;
    this.retryAfterMs = retryAfterMs;
  }

  /** The messages by field name, e.g. `{ "lineItems[0].quantity": "must be between 1 and 1000" }`. */
  get fieldErrors() {
    const byField = {};
    for (const { field, message } of this.errors) {
      byField[field] = byField[field] ? `${byField[field]}; ${message}` : message;
    }
    return byField;
  }
}

/** 400: the request is wrong; `errors` names each field. Never retried. */
export class ValidationError extends ProblemError {
  constructor(...args) { super(...args); this.name = 'ValidationError'; }
}

/** 401 (no or bad token) or 403 (a scope is missing). */
export class AuthError extends ProblemError {
  constructor(...args) { super(...args); this.name = 'AuthError'; }
}

/** 404 or 410: unknown, another clinic's, or older than the key retention. */
export class NotFoundError extends ProblemError {
  constructor(...args) { super(...args); this.name = 'NotFoundError'; }
}

/** 422 `idempotency-key-reused`: the key was used before with another body. Make a new key. */
export class IdempotencyKeyReusedError extends ProblemError {
  constructor(...args) { super(...args); this.name = 'IdempotencyKeyReusedError'; }
}

/** 429 or 503 still answered when the deadline came: retry later with the same key. */
export class RetryLaterError extends ProblemError {
  constructor(...args) { super(...args); this.name = 'RetryLaterError'; }
}

/** The deadline passed while the API could not be reached at all. Retrying with the same key is safe. */
export class NetworkError extends Error {
  constructor(message, cause) { super(message, { cause }); this.name = 'NetworkError'; }
}

/** Reads a failed response into the matching error. */
export async function problemOf(response) {
  let problem = {};
  try {
    const text = await response.text();
    problem = text ? JSON.parse(text) : {};
  } catch {
    problem = {};
  }
  const retryAfterMs = retryAfterOf(response);
  switch (response.status) {
    case 400: return new ValidationError(response.status, problem, retryAfterMs);
    case 401:
    case 403: return new AuthError(response.status, problem, retryAfterMs);
    case 404:
    case 410: return new NotFoundError(response.status, problem, retryAfterMs);
    case 422: return new IdempotencyKeyReusedError(response.status, problem, retryAfterMs);
    case 429:
    case 503: return new RetryLaterError(response.status, problem, retryAfterMs);
    default: return new ProblemError(response.status, problem, retryAfterMs);
  }
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), or null. */
export function retryAfterOf(response) {
  const value = response.headers.get('Retry-After');
  if (value == null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}
