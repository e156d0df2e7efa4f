export { builtInProviders } from './built-in-providers.js';
export type { CliIo } from './cli-io.js';
export type { CliProvider, ProviderFacts } from './cli-provider.js';
export { runCli } from './run-cli.js';
