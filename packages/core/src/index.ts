// `@cancel/core`: what an application uses. Provider packages are written with `@cancel/core/provider`.
export {
  type BulkCounts,
  type BulkEntry,
  type BulkOptions,
  type BulkReport,
  BulkRunError,
  countEntry,
  emptyCounts,
  type OrderIdSource,
} from './bulk.js';
export { CancelError, type CancelErrorCode, cancelErrorCodes, isRetryableCode } from './cancel-error.js';
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
export type { CancelClient } from './client.js';
export { type CredentialInput, type CredentialSpec, credentialFlag } from './credentials.js';
export type { CancelEvent, CancelEventListener } from './events.js';
export { checkOrderId, type OrderIdRule } from './order-id.js';
export { mapConcurrent } from './pool.js';
export type { RateLimit } from './rate-limiter.js';
export { REDACTED, redactText } from './redact.js';
export { err, ok, type Result, unwrap } from './result.js';
export { type CallOptions, type ClientSettings, optionRanges } from './settings.js';
export { checkBaseUrl, isLoopbackHost } from './url.js';
