export { type BuiltInProvider, builtInProviders, testKeyPrefixes } from './built-in-providers.js';
export { type MagicOrder, magicOrders } from './magic-ids.js';
export { startSandbox } from './sandbox.js';
export { type ServedSandbox, type ServeOptions, sandboxEnvironment, serveSandbox } from './serve.js';
export {
  type CancelErrorCode,
  type DemoExpectation,
  type DemoOrder,
  type Fault,
  type FaultType,
  type GenericOrderState,
  type OrderSnapshot,
  type OrderState,
  type ProviderId,
  type ProviderOrderStatus,
  providerIds,
  type RateLimit,
  type RateLimitSetting,
  type Sandbox,
  type SandboxCredentials,
  type SandboxOptions,
  type SandboxRequest,
} from './types.js';
