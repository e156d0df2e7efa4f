import type { ProviderFacts } from './cli-provider.js';
import { flagForOption } from './command-options.js';

const runFlags = `Order IDs:
  [orderId...]         order IDs as arguments
  --file PATH          one order ID per line; blank lines and lines starting with # are skipped
  --file -             the same, read from stdin (streamed)

Output and runs:
  --json               one JSON object per order on stdout (JSON Lines), as each finishes
  --journal PATH       append each finished order's JSON line to PATH as soon as it finishes
  --resume             skip orders that already succeeded in the --journal file
  --dry-run            check the IDs and credentials, send nothing
  --concurrency N      requests in flight at once (default 8)
  --timeout MS         time limit of one attempt in milliseconds (default 10000)
  --retries N          retries after a network error, timeout, 429 or 5xx (default 2; 0 disables)
  --base-url URL       send to this URL instead of the provider's (e.g. a sandbox)
  -h, --help           show this help`;

const exitStatus = `Exit status: 0 every order succeeded (cancelled, already cancelled or requested);
1 at least one order failed; 2 usage or configuration error, nothing sent; 130 interrupted.`;

export function mainHelp(providers: readonly ProviderFacts[]): string {
  const names = providers.map((provider) => provider.id).join(', ');
  return `Usage: cancel-order <provider> [orderId...] [flags]
       cancel-order demo        run every provider against the built-in sandbox and show each outcome
       cancel-order sandbox     serve the simulator on loopback, print base URLs and test credentials

Providers: ${names}
Run cancel-order <provider> --help for its credentials and order ID format.

${runFlags}

Credentials (or the provider's environment variables):
  --api-key K  --public-key K  --secret-key K  --token T  --account-id A  --company-id C

  -v, --version        print the version

${exitStatus}

Examples:
  cancel-order zinc 3fa85f64-5717-4562-b3fc-2c963f66afa6
  cancel-order fincart --file orders.txt --journal cancel.jsonl --resume --json > results.jsonl
  cancel-order demo
`;
}

export function providerHelp(provider: ProviderFacts): string {
  const credentials = provider.credentials
    .map((credential) => {
      const flag = `--${flagForOption(credential.option)}`;
      const note = credential.optional ? ' (optional)' : '';
      return `  ${flag.padEnd(20)} or ${credential.env}: ${provider.displayName} ${credential.label}${note}`;
    })
    .join('\n');
  return `Usage: cancel-order ${provider.id} [orderId...] [flags]

Cancels orders at ${provider.displayName}. Order IDs: ${provider.orderId.description}.

Credentials:
${credentials}
  Base URL: --base-url or ${provider.baseUrlEnv} (default ${provider.baseUrl})

${runFlags}

${exitStatus}
`;
}

export const demoHelp = `Usage: cancel-order demo

Starts the sandbox in this process, cancels a set of orders at all five providers that shows every
outcome and the main error codes (a retry after a 503, a 429 with Retry-After), and prints a table.
Needs no credentials and no network. Exit status 0 when every order ended as the sandbox intends.
`;

export const sandboxHelp = `Usage: cancel-order sandbox [--port N]

Serves a simulator of all five provider APIs on 127.0.0.1 until Ctrl-C, and prints each provider's
base URL and test credentials. Point the command at it with --base-url, or set the variables printed.

  --port N             the port on 127.0.0.1 (default: any free port)
  -h, --help           show this help
`;
