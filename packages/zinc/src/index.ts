export {
  type BulkEntry,
  type BulkOptions,
  type BulkReport,
  type CallOptions,
  CancelError,
  type CancelErrorCode,
  type Cancellation,
  type Outcome,
  type Result,
} from '@cancel/core';
export { createZinc, type ZincClient } from './create-zinc.js';
export { type ZincOrderStatus, zincOrderStatuses } from './order-status.js';
export { type ZincSettings, zincProvider } from './zinc-provider.js';
