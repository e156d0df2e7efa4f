import type { ClientSettings, CredentialInput } from '@cancel/core';

export interface FungiesSettings extends ClientSettings {
  /** The public API key, needed on every call; a string or a function returning one. Default: FUNGIES_PUBLIC_KEY. */
  publicKey?: CredentialInput;
  /** The secret API key, needed for writes such as a cancel; a string or a function returning one. Default: FUNGIES_SECRET_KEY. */
  secretKey?: CredentialInput;
}
