import type { CancelClient } from '@cancel/core';
import type { CliIo } from './cli-io.js';
import type { CliProvider } from './cli-provider.js';
import { credentialFlagsOf } from './command-options.js';
import { readEnvFile } from './env-file.js';
import { type CancelValues, parseStrict } from './parse-command-line.js';
import { openQueueMode, showQueueUrl } from './queue-mode.js';
import {
  credentialProblems,
  missingCredentials,
  type ResolvedCredentials,
  resolveCredentials,
} from './resolve-credentials.js';
import { clientSettings, resolveRunSettings } from './resolve-settings.js';
import { Screen } from './screen.js';
import { UsageError } from './usage-error.js';

const workerFlags = {
  help: { type: 'boolean', short: 'h' },
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  'env-file': { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  rate: { type: 'string' },
  'no-rate-limits': { type: 'boolean' },
} as const;

export const workerHelp = `Usage: cancel-order worker --queue redis://HOST:PORT [provider] [flags]

Works the orders enqueued with cancel-order --queue: one worker for every provider whose credentials it
finds (the environment, --env-file, or with a provider argument its flags), under each provider's limit
shared by every worker on the queue. SIGTERM or Ctrl-C finishes the orders held, then exits; a second one
exits at once (the orders held then go to another worker).

  --queue URL          the Redis the orders are on (redis:// or rediss://), the same as the producer's
  --concurrency N      orders in flight at once, per provider (default 8)
  --env-file PATH      credentials and base URLs in dotenv format (ZINC_API_KEY=…)
  --timeout MS, --retries N, --rate N, --no-rate-limits   as for a run
  -h, --help           show this help
`;

/** `cancel-order worker`: runs until interrupted; 0 after a clean stop, 2 when nothing can be worked. */
export async function runWorker(
  args: readonly string[],
  io: CliIo,
  known: readonly CliProvider[],
): Promise<number> {
  const credentialFlags = credentialFlagsOf(known.map((provider) => provider.spec));
  const flags = {
    ...workerFlags,
    ...Object.fromEntries(credentialFlags.map((flag) => [flag, { type: 'string' }])),
  };
  const { values, positionals } = parseStrict(args, flags, 'cancel-order worker', true);
  if (values.help) {
    io.stdout.write(workerHelp);
    return 0;
  }
  const url = values.queue;
  if (typeof url !== 'string')
    throw new UsageError('cancel-order worker needs --queue redis://HOST:PORT, the Redis the orders are on.');
  const { clients, skipped, secrets } = await clientsFor(
    values as CancelValues,
    positionals,
    io,
    known,
    credentialFlags,
  );
  const queueMode = await openQueueMode(url);
  const screen = new Screen(io, secrets);
  const concurrency = resolveRunSettings(values as CancelValues).concurrency;
  const worker = queueMode.runCancelWorker({
    connection: url,
    clients,
    concurrency,
    onError: (error) => void screen.say(screen.paint('yellow', `Redis: ${error.message}`)),
  });
  await worker.ready;
  const without = skipped.length > 0 ? `; no credentials for ${skipped.join(', ')}` : '';
  await screen.say(
    `Working ${worker.providers.join(', ')} from ${showQueueUrl(url)}${without}. Ctrl-C or SIGTERM stops.`,
  );
  await new Promise<void>((resolve) => {
    if (io.interrupt?.aborted) resolve();
    io.interrupt?.addEventListener('abort', () => resolve(), { once: true });
  });
  await screen.say('Stopping: finishing the orders held (a second Ctrl-C exits at once)…');
  await worker.close();
  await screen.say('Stopped.');
  return 0;
}

/** A client for each provider with every credential found; the others are named, and none at all is exit 2. */
async function clientsFor(
  values: CancelValues,
  positionals: readonly string[],
  io: CliIo,
  known: readonly CliProvider[],
  credentialFlags: readonly string[],
) {
  if (positionals.length > 1)
    throw new UsageError('cancel-order worker takes at most one provider. See cancel-order worker --help.');
  const named = positionals[0];
  const chosen = named === undefined ? known : known.filter((provider) => provider.spec.id === named);
  if (chosen.length === 0) {
    throw new UsageError(
      `Unknown provider ${JSON.stringify(named)}. Providers: ${known.map((provider) => provider.spec.id).join(', ')}.`,
    );
  }
  const env = await readEnvFile(values['env-file'], io.env);
  const settings = resolveRunSettings(values);
  const clients: CancelClient[] = [];
  const skipped: string[] = [];
  const secrets: string[] = [];
  const resolved = chosen.map((provider) => ({
    provider,
    credentials: resolveCredentials(provider.spec, named ? values : {}, env, !named, credentialFlags),
  }));
  refuseUnusable(resolved);
  for (const { provider, credentials } of resolved) {
    if (named && credentials.missing.length > 0) throw missingCredentials(credentials.missing);
    if (credentials.missing.length > 0) {
      skipped.push(provider.spec.id);
      continue;
    }
    secrets.push(...credentials.secrets);
    clients.push(
      provider.create(clientSettings(provider.spec, settings, undefined, env), credentials.values),
    );
  }
  if (clients.length === 0) {
    const variables = chosen.flatMap((provider) =>
      provider.spec.credentials.map((credential) => credential.env),
    );
    throw new UsageError(
      `No provider has credentials, so there is nothing to work. Set them in the environment or a file given with --env-file PATH${variables.length ? ` (${variables.join(', ')})` : ''}.`,
    );
  }
  return { clients, skipped, secrets };
}

/** A credential that is there but unusable stops the worker before it starts, every such credential listed. */
function refuseUnusable(
  resolved: readonly { provider: CliProvider; credentials: ResolvedCredentials }[],
): void {
  const wrong = resolved.filter(({ credentials }) => credentials.unusable.length > 0);
  if (wrong.length === 1)
    throw credentialProblems(wrong[0]!.provider.spec, wrong[0]!.credentials.unusable, []);
  if (wrong.length === 0) return;
  const lines = wrong.flatMap(({ credentials }) => credentials.unusable);
  throw new UsageError(
    `The credentials have ${lines.length} problems; no worker was started:${lines.map((line) => `\n  ${line}`).join('')}`,
  );
}
