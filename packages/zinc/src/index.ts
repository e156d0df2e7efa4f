export type {
  BulkEntry,
  BulkOptions,
  BulkReport,
  CallOptions,
  CancelErrorCode,
  CancelEvent,
  Cancellation,
  CredentialInput,
  Outcome,
  Result,
} from '@cancel/core';
export { CancelError } from '@cancel/core';
export { createZinc, type ZincClient } from './create-zinc.js';
export { type ZincOrderStatus, zincOrderStatuses } from './order-status.js';
export { type ZincSettings, zincProvider } from './zinc-provider.js';
