import type { ClientSettings, CredentialInput } from '@cancel/core';

/**
 * Fincart documents no batch limit. 50 keeps a request small and a refused batch cheap to bisect;
 * the cap stops a typo such as 50000 from sending one enormous body.
 */
export const fincartBatchSize = { default: 50, max: 500 } as const;

export interface FincartSettings extends ClientSettings {
  /** The token from the Fincart merchant portal, or a function returning it (called once per call, for rotation). Default: FINCART_TOKEN. */
  token?: CredentialInput;
  /** Order IDs per request in bulk runs, 1 to 500. Default 50. A bulk call's own `batchSize` overrides it. */
  batchSize?: number;
}
