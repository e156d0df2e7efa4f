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
export { createFungies, type FungiesClient } from './fungies-factory.js';
export { fungiesProvider } from './fungies-provider.js';
export type { FungiesCallOptions, FungiesSettings } from './fungies-settings.js';
