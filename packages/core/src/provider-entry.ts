// `@cancel/core/provider`: what a provider package is written with, kept apart from `@cancel/core` (what an
// application uses) the way the Vercel AI SDK keeps provider-utils apart from `ai`.
export type { CancelErrorCode } from './cancel-error.js';
export { createClient } from './client.js';
export {
  type CredentialCheck,
  type CredentialProblem,
  type CredentialSpec,
  checkCredentials,
  resolveCredentials,
} from './credentials.js';
export type { Environment } from './environment.js';
export { isJsonObject } from './json-object.js';
export type { OrderIdRule } from './order-id.js';
export { path } from './path.js';
export { isoDate, saysAlreadyCancelled } from './phrases.js';
export {
  type BatchSpec,
  type CredentialValues,
  defineProvider,
  type Interpretation,
  type ProviderSpec,
  type RequestInput,
  type RequestSpec,
  requestFor,
  type SingleOrderSpec,
} from './provider.js';
export { providerMessage } from './provider-message.js';
export type { RateLimit } from './rate-limiter.js';
export type { HttpResponse } from './transport.js';
