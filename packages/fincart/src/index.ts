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
export { createFincart, type FincartClient } from './fincart-factory.js';
export { fincartProvider } from './fincart-provider.js';
export { type FincartSettings, fincartBatchSize } from './fincart-settings.js';
