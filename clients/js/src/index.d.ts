export type RequestState = 'PENDING' | 'CREATED' | 'DUPLICATE' | 'REJECTED';

export interface LineItem {
  productId?: number;
  description?: string;
  unitAmount?: number;
  quantity: number;
}

export interface InvoiceRequest {
  patientId: number;
  orderId?: number;
  currency?: string;
  lineItems: LineItem[];
  memo?: string;
  paidExternally?: {
    method: 'STRIPE_NOT_SYNCED' | 'CASH' | 'CHECK' | 'BANK_TRANSFER' | 'OTHER';
    reference?: string;
    paidAt: string;
  };
}

export interface Accepted {
  requestId: string;
  status: RequestState;
  statusUrl: string;
  eventsUrl: string;
  /** The key the request was sent with: keep it to retry the same invoice later. */
  idempotencyKey: string;
  /** How many attempts it took. */
  attempts: number;
}

export interface RequestStatus {
  requestId: string;
  status: RequestState;
  acceptedAt: string;
  completedAt?: string | null;
  invoice?: {
    id: number;
    status: 'OPEN' | 'PAID';
    amount: number;
    amountDue: number;
    amountPaid: number;
    currency: string;
    stripeInvoiceId: string | null;
  } | null;
  duplicate?: { rule: string } | null;
  error?: { code: string; message: string } | null;
}

export interface FieldError {
  field: string;
  message: string;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly type: string | null;
  readonly title: string | null;
  readonly detail: string | null;
  readonly errors: FieldError[];
  readonly problem: Record<string, unknown>;
  /** The server's Retry-After in milliseconds, when it sent one. */
  readonly retryAfterMs: number | null;
  /** Messages by field name, e.g. `{ "lineItems[0].quantity": "..." }`. */
  readonly fieldErrors: Record<string, string>;
}
export class ValidationError extends ProblemError {}
export class AuthError extends ProblemError {}
export class NotFoundError extends ProblemError {}
export class IdempotencyKeyReusedError extends ProblemError {}
export class RetryLaterError extends ProblemError {}
export class NetworkError extends Error {}

export const FINAL_STATES: readonly RequestState[];
export function newIdempotencyKey(): string;
export function isFinal(status: RequestStatus | null | undefined): boolean;

export interface SubmitOptions {
  /** Defaults to a new random key; pass the same one to retry the same invoice (e.g. after a reload). */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** How long retries may go on; default 30 000. */
  timeoutMs?: number;
  onRetry?: (retry: { attempt: number; error: Error; waitMs: number; idempotencyKey: string }) => void;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Default 300 000. */
  timeoutMs?: number;
  /** Each status seen, PENDING included. */
  onStatus?: (status: RequestStatus) => void;
}

export interface DeadLetter {
  id: string;
  requestId?: string;
  idempotencyKey?: string;
  errorCode: string;
  error?: string;
  failedAt: string;
  attempts: number;
}

export type ReplaySelection =
  | { requestIds: string[]; dryRun?: boolean }
  | { failedFrom?: string; failedTo?: string; errorCode?: string; dryRun?: boolean };

export class InvoiceClient {
  constructor(options: {
    baseUrl?: string;
    token: string | (() => string | Promise<string>);
    fetch?: typeof fetch;
  });
  submitInvoice(request: InvoiceRequest, options?: SubmitOptions): Promise<Accepted>;
  getStatus(requestId: string, options?: { signal?: AbortSignal }): Promise<{ status: RequestStatus; retryAfterMs: number | null }>;
  waitForResult(requestId: string, options?: WaitOptions): Promise<RequestStatus>;
  watchClinic(options?: {
    signal?: AbortSignal;
    onStatus?: (status: RequestStatus) => void;
    onConnected?: () => void;
  }): Promise<void>;
  listDeadLetters(options?: { limit?: number; after?: string; signal?: AbortSignal }): Promise<{ items: DeadLetter[]; next?: string }>;
  replayDeadLetters(selection: ReplaySelection, options?: { signal?: AbortSignal }): Promise<{ matched: number; replayed: number; notReplayable: number }>;
}

export function readEvents(response: Response): AsyncGenerator<{ event: string; data: string; id: string | null }>;
