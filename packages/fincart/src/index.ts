// What an application needs: the factory, its settings and client types, and core's result and error types,
// so that installing this package alone is enough. `fincartProvider` is the spec the CLI and the sandbox compose.
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
export { createFincart, type FincartClient } from './create-fincart.js';
export { fincartProvider } from './fincart-provider.js';
export type { FincartSettings } from './fincart-settings.js';
