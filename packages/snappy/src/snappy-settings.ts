import type { ClientSettings, CredentialInput } from '@cancel/core';

export interface SnappySettings extends ClientSettings {
  /** The company-level API key, or a function returning it (called once per call, for rotation). Default: SNAPPY_API_KEY. */
  apiKey?: CredentialInput;
  /** Sent as `snappy-account-id` when given. An identifier, not a secret. Default: SNAPPY_ACCOUNT_ID. */
  accountId?: CredentialInput;
  /** Sent as `snappy-company-id` when given. An identifier, not a secret. Default: SNAPPY_COMPANY_ID. */
  companyId?: CredentialInput;
}
