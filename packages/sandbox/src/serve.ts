import { registry } from './built-in-providers.js';
import { startSandbox } from './sandbox.js';
import { providerIds, type Sandbox, type SandboxOptions } from './types.js';

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

/** The variables each provider package reads, from its spec, set to point it and the CLI at this sandbox. */
export function sandboxEnvironment(
  sandbox: Pick<Sandbox, 'baseUrls' | 'credentials'>,
): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const { spec, simulator } of registry) {
    const provider = simulator.id;
    variables[spec.baseUrlEnv] = sandbox.baseUrls[provider];
    const credentials: Readonly<Record<string, string>> = sandbox.credentials[provider];
    for (const credential of spec.credentials) {
      const value = credentials[credential.option];
      if (value !== undefined) variables[credential.env] = value;
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
