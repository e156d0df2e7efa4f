// What an application needs: the factory, its settings and client types, and core's result and error types,
// so that installing this package alone is enough. `offerGridProvider` is the spec the CLI and the sandbox compose.
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
export { createOfferGrid, type OfferGridClient } from './create-offergrid.js';
// The documented order statuses, which the sandbox simulates from this one list.
export { offerGridOrderStatuses } from './offergrid-order-status.js';
export { offerGridProvider } from './offergrid-provider.js';
export type { OfferGridCallOptions, OfferGridSettings } from './offergrid-settings.js';
