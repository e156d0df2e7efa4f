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
export { offerGridProvider } from './offergrid-provider.js';
export {
  maxReasonLength,
  type OfferGridCallOptions,
  type OfferGridSettings,
} from './offergrid-settings.js';
export { type OfferGridOrderStatus, offerGridOrderStatuses } from './order-status.js';
