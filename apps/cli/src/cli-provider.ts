import type { CancelClient, ClientSettings } from '@cancel/core';
import type { ProviderSpec } from '@cancel/core/provider';

/** What the command needs to know about a provider before it sends anything: names, credentials, ID rule. */
export type ProviderFacts = Pick<
  ProviderSpec,
  'id' | 'displayName' | 'factory' | 'baseUrl' | 'baseUrlEnv' | 'credentials' | 'orderId' | 'rateLimits'
>;

export interface CliProvider {
  readonly spec: ProviderFacts;
  /**
   * Builds a client from settings and credentials the command has already resolved and checked. Every setting
   * must reach the client, `fetch` included: the dry run passes one that sends nothing.
   */
  readonly create: (settings: ClientSettings, credentials: Readonly<Record<string, string>>) => CancelClient;
}
