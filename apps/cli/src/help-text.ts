import { credentialFlag } from '@cancel/core';
import type { ProviderFacts } from './cli-provider.js';
import { describeLimits } from './describe-limits.js';

const runFlags = `Orders:
  [orderId...]         order IDs as arguments (with a provider)
  --file PATH          with a provider: one order ID per line; blank lines and lines starting with # are skipped
                       without one: CSV with a header naming provider and orderId (or order_id) columns,
                       in any order, other columns ignored, quoted fields as RFC 4180 has them; or JSON
                       Lines of {"provider":…,"orderId":…}. The whole file is checked before anything is sent.
  --file -             the same, read from stdin (streamed; a bad line fails on its own)

Output and runs:
  --json               one JSON object per order on stdout (JSON Lines), as each finishes
  --csv                one CSV row per order on stdout, after a header line, as each finishes
  --failed PATH        write every order that did not succeed as CSV (provider,orderId,code,retryable,message);
                       --file PATH reads it back as it is
  --journal PATH       append each finished order's JSON line to PATH as soon as it finishes
  --resume             skip orders that already succeeded in the --journal file (any provider)
  --dry-run            check orders and credentials and show what would be sent, send nothing
  --queue URL          enqueue on Redis (redis://HOST:PORT) and follow as workers cancel; no credentials here
  --run-id ID          name the queued run; default: from the input, so the same command follows it again
  --concurrency N      requests in flight at once, per provider (default 8)
  --rate N             at most N requests a second per provider (never above its documented limit)
  --no-rate-limits     do not pace to the documented limits (a sandbox, or an account allowed more)
  --max-wait DURATION  the longest Retry-After (429) a run waits out, pausing that provider, e.g. 90s
                       (default 30s, the per-call cap); a longer one fails the order as rate_limited
  --timeout MS         time limit of one attempt in milliseconds (default 10000)
  --retries N          retries after a network error, timeout, 429 or 5xx (default 2; 0 disables)
  --env-file PATH      read credentials and base URLs in dotenv format (ZINC_API_KEY=…); its values win
                       over the environment. Keys on the command line show in \`ps\`: prefer this file.
  --otlp URL           send a trace of every cancel and attempt to this OTLP/HTTP receiver (e.g.
                       http://localhost:4318); OTEL_EXPORTER_OTLP_ENDPOINT does the same`;

const exitStatus = `Exit status: 0 every order succeeded (cancelled, already cancelled or requested);
1 at least one order failed, or stdout closed before the end; 2 usage or configuration error, nothing sent;
130 interrupted.`;

export function mainHelp(providers: readonly ProviderFacts[]): string {
  const names = providers.map((provider) => provider.id).join(', ');
  const flags = [
    ...new Set(
      providers.flatMap((provider) =>
        provider.credentials.map((credential) => `--${credentialFlag(credential)}`),
      ),
    ),
  ];
  const variables = providers.flatMap((provider) => provider.credentials.map((credential) => credential.env));
  return `Usage: cancel-order <provider> [orderId...] [flags]
       cancel-order --file orders.csv [flags]   orders at several providers, named in the file
       cancel-order demo        run every provider against the built-in sandbox and show each outcome
       cancel-order sandbox     serve the simulator on loopback, print base URLs and test credentials
       cancel-order --queue redis://HOST:PORT [provider] [orderId...|--file PATH] [--run-id ID]
                                enqueue the orders on Redis and follow them as workers cancel them
       cancel-order worker --queue redis://HOST:PORT   work the queue (cancel-order worker --help)

Providers: ${names}
Run cancel-order <provider> --help for its credentials and order ID format.

${runFlags}
  --base-url URL       with a provider: send to this URL instead of its own (e.g. a sandbox)
  -h, --help           show this help

Credentials: the environment or --env-file:
  ${variables.join(' ')}
With a provider also ${flags.join(' ')}, which other users can see in the process list.

  -v, --version        print the version

${exitStatus}

Examples:
  cancel-order zinc 3fa85f64-5717-4562-b3fc-2c963f66afa6
  cancel-order --file incident.csv --env-file prod.env --journal run.jsonl --resume --failed failed.csv
  cancel-order --file failed.csv --env-file prod.env        retry what failed
  cancel-order demo
`;
}

export function providerHelp(provider: ProviderFacts): string {
  const credentials = provider.credentials
    .map((credential) => {
      const flag = `--${credentialFlag(credential)}`;
      const note = credential.optional ? ' (optional)' : '';
      return `  ${flag.padEnd(20)} or ${credential.env}: ${provider.displayName} ${credential.label}${note}`;
    })
    .join('\n');
  return `Usage: cancel-order ${provider.id} [orderId...] [flags]

Cancels orders at ${provider.displayName}. Order IDs: ${provider.orderId.description}.

Credentials:
${credentials}
  Base URL: --base-url or ${provider.baseUrlEnv} (default ${provider.baseUrl})
${limitsLine(provider)}
${runFlags}
  --base-url URL       send to this URL instead of ${provider.displayName}'s (e.g. a sandbox)
  -h, --help           show this help

${exitStatus}
`;
}

export const demoHelp = `Usage: cancel-order demo

Starts the sandbox in this process, cancels a set of orders at all five providers that shows every
outcome and the main error codes (a retry after a 503, a 429 with Retry-After), and prints a table.
Needs no credentials and no network. Exit status 0 when every order ended as the sandbox intends.
`;

export const sandboxHelp = `Usage: cancel-order sandbox [--port N] [--no-rate-limits] [--no-seed] [--orders N[:state]]...

Serves a simulator of all five provider APIs on 127.0.0.1 until Ctrl-C, and prints each provider's
base URL and test credentials. Point the command at it with --base-url, or set the variables printed.
When it stops, it says how often the orders it seeded were cancelled (more than once would be a bug).

  --port N             the port on 127.0.0.1 (default: any free port)
  --no-rate-limits     answer every request (the documented limits are on by default)
  --no-seed            start without the demo orders and magic IDs
  --orders N[:state]   seed N orders at every provider in a state (default pending; also accepted,
                       in_progress, shipped, delivered, cancelled); PROVIDER=N[:state] for one provider,
                       with its own status names too. Repeat it for several.
  --orders-file PATH   write the seeded orders there as CSV (provider,orderId,state), which
                       cancel-order --file reads as it is (default: stdout, the banner then goes to stderr)
  --write-env PATH     write the base URLs and test credentials in dotenv format, for --env-file
  -h, --help           show this help

A drill: cancel-order sandbox --no-rate-limits --no-seed --orders 3000 --orders 5:shipped \\
           --orders-file orders.csv --write-env sandbox.env
`;

function limitsLine(provider: ProviderFacts): string {
  const limits = provider.rateLimits ?? [];
  return limits.length === 0 ? '' : `  Paced to its documented limits: ${describeLimits(limits)}\n`;
}
