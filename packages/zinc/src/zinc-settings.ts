import type { ClientSettings, CredentialInput } from '@cancel/core';

export interface ZincSettings extends ClientSettings {
  /** A `zn_live_…` or `zn_test_…` key, or a function returning one. Default: `ZINC_API_KEY`. */
  apiKey?: CredentialInput;
}
