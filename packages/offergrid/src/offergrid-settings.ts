import type { CallOptions, ClientSettings, CredentialInput } from '@cancel/core';

export interface OfferGridCallOptions extends CallOptions {
  /** Why the order is cancelled; sent as OfferGrid's optional `{"reason": "…"}` body. */
  reason?: string;
}

export interface OfferGridSettings extends ClientSettings {
  /** The team API key, sent as `x-api-key`, or a function returning one. Default: `OFFERGRID_API_KEY`. */
  apiKey?: CredentialInput;
  /** A default `reason` for every cancel; a call's own `reason` replaces it. */
  reason?: string;
}

export const maxReasonLength = 1000;

/** What is wrong with the OfferGrid-specific options, or undefined. */
export function checkOfferGridOptions(options: OfferGridSettings & OfferGridCallOptions): string | undefined {
  const { reason } = options;
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string') return `\`reason\` must be a string, not ${typeof reason}`;
  if (!reason.trim()) return '`reason` is empty; leave it out or say why the order is cancelled';
  if (reason.length > maxReasonLength) {
    return `\`reason\` is ${reason.length} characters long; keep it under ${maxReasonLength}`;
  }
  return undefined;
}
