// What an application needs: the factory, its settings and client types, and core's result and error types,
// so that installing this package alone is enough. `zincProvider` is the spec the CLI and the sandbox compose.
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
// The documented order statuses, which the sandbox simulates from this one list.
export { zincOrderStatuses } from './zinc-order-status.js';
export { zincProvider } from './zinc-provider.js';
export type { ZincSettings } from './zinc-settings.js';
