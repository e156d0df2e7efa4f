// What an application needs: the factory, its settings and client types, and core's result and error types,
// so that installing this package alone is enough. `snappyProvider` is the spec the CLI and the sandbox compose.
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
export { createSnappy, type SnappyClient } from './create-snappy.js';
export { snappyProvider } from './snappy-provider.js';
export type { SnappySettings } from './snappy-settings.js';
