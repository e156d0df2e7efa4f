import { builtInProviders as registered } from '@cancel/sandbox';
import type { CliProvider } from './cli-provider.js';

/** The built-in providers, from the registry. Credentials arrive resolved, so no factory reads the environment. */
export const builtInProviders: readonly CliProvider[] = registered.map(({ spec, create }) => ({
  spec,
  create: (settings, credentials) => create({ ...settings, ...credentials }),
}));
