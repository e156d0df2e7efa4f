import { startSandbox } from './sandbox.js';
import { type ProviderId, providerIds, type Sandbox, type SandboxOptions } from './types.js';

export interface ServeOptions extends SandboxOptions {
  /** Where the banner goes. Default: standard output. */
  output?: { write(text: string): unknown };
  /** Default true: SIGINT and SIGTERM close the sandbox. */
  handleSignals?: boolean;
}

export interface ServedSandbox extends Sandbox {
  /** Resolves once the sandbox has closed, by `close()` or by a signal. */
  readonly closed: Promise<void>;
}

/** `apiKey` at snappy → SNAPPY_API_KEY: the variables each provider package reads. */
function environmentName(provider: ProviderId, option: string): string {
  return `${provider}_${option.replace(/[A-Z]/g, (letter) => `_${letter}`)}`.toUpperCase();
}

/** The lines a user pastes into a shell to point the packages and the CLI at this sandbox. */
export function sandboxEnvironment(
  sandbox: Pick<Sandbox, 'baseUrls' | 'credentials'>,
): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const provider of providerIds) {
    variables[environmentName(provider, 'baseUrl')] = sandbox.baseUrls[provider];
    for (const [option, value] of Object.entries(sandbox.credentials[provider])) {
      variables[environmentName(provider, option)] = value;
    }
  }
  return variables;
}

function banner(sandbox: Sandbox): string {
  const lines = [`@cancel/sandbox is listening on ${sandbox.url} (loopback only)`, ''];
  for (const provider of providerIds) {
    lines.push(`${provider.padEnd(10)} ${sandbox.baseUrls[provider]}`);
    const credentials = Object.entries(sandbox.credentials[provider]).map(
      ([option, value]) => `${option}=${value}`,
    );
    lines.push(`${''.padEnd(10)} ${credentials.join('  ')}`);
  }
  const exports = Object.entries(sandboxEnvironment(sandbox)).map(
    ([name, value]) => `export ${name}=${value}`,
  );
  lines.push('', 'To use them from a shell:', ...exports.map((line) => `  ${line}`), '');
  lines.push(`Demo orders and magic IDs: GET ${sandbox.url}/ or the @cancel/sandbox README.`);
  lines.push('Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

/** Starts the sandbox, prints its base URLs and test credentials, and closes it on SIGINT or SIGTERM. */
export async function serveSandbox(options: ServeOptions = {}): Promise<ServedSandbox> {
  const { output = process.stdout, handleSignals = true, ...sandboxOptions } = options;
  const sandbox = await startSandbox(sandboxOptions);
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const close = async () => {
    process.off('SIGINT', close);
    process.off('SIGTERM', close);
    await sandbox.close();
    markClosed();
  };
  if (handleSignals) {
    process.once('SIGINT', close);
    process.once('SIGTERM', close);
  }
  output.write(banner(sandbox));
  return { ...sandbox, close, closed };
}
