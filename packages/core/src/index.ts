export {
  type BulkCounts,
  type BulkEntry,
  type BulkOptions,
  type BulkReport,
  countEntry,
  emptyCounts,
  type OrderIdSource,
} from './bulk.js';
export {
  CancelError,
  type CancelErrorCode,
  type CancelErrorInit,
  cancelErrorCodes,
  isRetryableCode,
} from './cancel-error.js';
export type { Cancellation, Outcome } from './cancellation.js';
export {
  type Canceller,
  type CancellerCounts,
  type CancellerEntry,
  type CancellerOptions,
  type CancellerReport,
  countCancellerEntry,
  createCanceller,
  type OrderReference,
  type OrderReferenceSource,
} from './canceller.js';
export { type CancelClient, createClient } from './client.js';
export type { CredentialInput, CredentialSpec } from './credentials.js';
export type { CancelEvent, CancelEventListener } from './events.js';
export { checkOrderId, type OrderIdRule } from './order-id.js';
export { isoDate, saysAlreadyCancelled } from './phrases.js';
export { mapConcurrent } from './pool.js';
export {
  defineProvider,
  type Interpretation,
  type ProviderSpec,
  type RequestInput,
  type RequestSpec,
} from './provider.js';
export { providerMessage } from './provider-message.js';
export { type RateLimit, RateLimiter } from './rate-limiter.js';
export { REDACTED, redactText } from './redact.js';
export { err, ok, type Result, unwrap } from './result.js';
export { parseRetryAfter } from './retry-after.js';
export { type CallOptions, type ClientSettings, defaults } from './settings.js';
export type { HttpResponse } from './transport.js';
export { checkBaseUrl, encodePathSegment, isLoopbackHost } from './url.js';
