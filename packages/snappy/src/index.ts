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
export { createSnappy, type SnappyClient } from './snappy-factory.js';
export { snappyProvider } from './snappy-provider.js';
export type { SnappyCallOptions, SnappySettings } from './snappy-settings.js';
