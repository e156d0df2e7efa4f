// What an application needs: the factory, its settings and client types, and core's result and error types,
// so that installing this package alone is enough. `fungiesProvider` is the spec the CLI and the sandbox compose.
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
export { createFungies, type FungiesClient } from './create-fungies.js';
export { fungiesProvider } from './fungies-provider.js';
export type { FungiesSettings } from './fungies-settings.js';
