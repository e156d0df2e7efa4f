import type { ClientSettings } from '@cancel/core';
import type { CliIo } from './cli-io.js';
import type { CliProvider } from './cli-provider.js';
import { credentialFlagsOf } from './command-options.js';
import { commentWarning } from './comment-warning.js';
import { readEnvFile } from './env-file.js';
import { type Chunks, inputItems } from './input-items.js';
import { openOrderFile } from './open-order-file.js';
import type { CancelValues } from './parse-command-line.js';
import { type JournalSummary, readJournal } from './read-journal.js';
import type { ReadItem } from './read-references.js';
import {
  credentialProblems,
  missingCredentials,
  type ResolvedCredentials,
  resolveCredentials,
} from './resolve-credentials.js';
import { clientSettings, type RunSettings, resolveRunSettings } from './resolve-settings.js';
import { describeProblems, type InputScan, scanInput } from './scan-input.js';
import { UsageError } from './usage-error.js';

/** One provider the run may send to, with what its client needs; `missing` lists credentials found nowhere. */
export interface ProviderRun {
  readonly provider: CliProvider;
  readonly credentials: ResolvedCredentials;
  readonly settings: ClientSettings;
}

export type OutputFormat = 'human' | 'json' | 'csv';

export interface RunPlan {
  /** True when the input names each order's provider (no provider argument). */
  readonly acrossProviders: boolean;
  /** The providers the run may send to, by ID. */
  readonly providers: ReadonlyMap<string, ProviderRun>;
  readonly known: readonly CliProvider[];
  readonly secrets: readonly string[];
  readonly settings: RunSettings;
  readonly output: OutputFormat;
  /** A fresh pass over the input: the run reads it after the scan read it once. */
  readonly items: (onComment?: (line: string) => void) => AsyncGenerator<ReadItem>;
  /** Known for arguments and files, not for stdin. */
  readonly scan?: InputScan | undefined;
  readonly filePath?: string | undefined;
  readonly journalPath?: string | undefined;
  readonly failedPath?: string | undefined;
  /** What the journal says already succeeded, with `--resume`. */
  readonly resumed?: JournalSummary | undefined;
  readonly comments?: ReturnType<typeof commentWarning> | undefined;
}

interface Invocation {
  readonly provider: string | undefined;
  readonly orderIds: readonly string[];
  readonly values: CancelValues;
}

/**
 * Everything that can be wrong with the command line, the configuration or a file is found here, before the
 * first request: a usage error then means that nothing was sent. Option ranges come first, then the input,
 * then credentials, so the first fix named is the cheapest.
 */
export async function prepareRun(
  invocation: Invocation,
  io: CliIo,
  known: readonly CliProvider[],
): Promise<RunPlan> {
  const { values } = invocation;
  const acrossProviders = invocation.provider === undefined;
  const credentialFlags = credentialFlagsOf(known.map((candidate) => candidate.spec));
  checkFlags(values, acrossProviders, credentialFlags);
  const settings = resolveRunSettings(values);
  const env = await readEnvFile(values['env-file'], io.env);
  const single = known.find((candidate) => candidate.spec.id === invocation.provider);
  if (single && invocation.orderIds.length === 0 && values.file === undefined) {
    throw new UsageError(
      `No order IDs. Pass them after the provider (cancel-order ${single.spec.id} ID1 ID2), or one per line with --file PATH (--file - reads stdin).`,
    );
  }
  const filePath = values.file;
  const open = async (): Promise<Chunks | undefined> =>
    filePath === undefined ? undefined : openOrderFile(filePath, io.stdin);
  let file = await open();
  const items = (onComment?: (line: string) => void) =>
    inputItems({ provider: invocation.provider, orderIds: invocation.orderIds, file, onComment });
  const ids = known.map((candidate) => candidate.spec.id);
  let scan: InputScan | undefined;
  let problems: string[] = [];
  if (filePath !== '-') {
    scan = await scanInput(items(), ids);
    problems = describeProblems(scan.problems);
  }
  const named = single
    ? [single]
    : known.filter((candidate) => !scan || scan.perProvider.has(candidate.spec.id));
  const { providers, missing, unusable } = resolveProviders(
    named,
    values,
    env,
    settings,
    acrossProviders,
    credentialFlags,
  );
  // A file is checked whole: every problem in it and every missing or unusable credential, in one message.
  // In queue mode the credentials are the workers' (cancel-order worker), not this command's.
  const needsCredentials = values.queue === undefined;
  const reportMissing = needsCredentials && (scan !== undefined || !acrossProviders) ? missing : [];
  if (unusable.length > 0 && problems.length === 0 && named.length === 1) {
    throw credentialProblems(named[0]!.spec, unusable, reportMissing);
  }
  if (problems.length > 0 || unusable.length > 0 || reportMissing.length > 0) {
    throw planProblems(filePath, [...problems, ...unusable], reportMissing);
  }
  // Opened again for the run only once the plan holds: a stream left unread is closed by the garbage collector,
  // which prints a warning to the user's terminal.
  if (scan) file = await open();
  const resumed = values.resume ? await readJournal(values.journal!) : undefined;
  return {
    acrossProviders,
    providers,
    known,
    secrets: [...providers.values()].flatMap((run) => run.credentials.secrets),
    settings,
    output: values.csv ? 'csv' : values.json ? 'json' : 'human',
    items,
    scan,
    filePath,
    journalPath: values.journal,
    failedPath: values.failed,
    resumed,
    comments: single ? commentWarning(single.spec) : undefined,
  };
}

function checkFlags(
  values: CancelValues,
  acrossProviders: boolean,
  credentialFlags: readonly string[],
): void {
  if (values.resume && !values.journal) {
    throw new UsageError(
      '--resume needs --journal PATH: the journal of the earlier run tells which orders already succeeded.',
    );
  }
  if (values.json && values.csv) throw new UsageError('Pick one of --json and --csv for stdout.');
  checkQueueFlags(values);
  if (!acrossProviders) return;
  const flag = credentialFlags.find((name) => values[name] !== undefined);
  if (flag || values['base-url'] !== undefined) {
    throw new UsageError(
      `--${flag ?? 'base-url'} names one provider's setting, but this run reads each order's provider from the file. Set the variables instead (ZINC_API_KEY, ZINC_BASE_URL, …), in the environment or in a file given with --env-file PATH.`,
    );
  }
}

/**
 * Credentials and settings for each provider the run may use. A file names its providers, so a missing
 * credential is a usage error listing every one; stdin does not, so a provider without credentials is left
 * out and its orders fail one by one as missing_credentials.
 */
function resolveProviders(
  named: readonly CliProvider[],
  values: CancelValues,
  env: Readonly<Record<string, string | undefined>>,
  settings: RunSettings,
  acrossProviders: boolean,
  credentialFlags: readonly string[],
): { providers: Map<string, ProviderRun>; missing: string[]; unusable: string[] } {
  const flags = acrossProviders ? {} : values;
  const providers = new Map<string, ProviderRun>();
  const missing: string[] = [];
  const unusable: string[] = [];
  for (const provider of named) {
    const credentials = resolveCredentials(provider.spec, flags, env, acrossProviders, credentialFlags);
    const run = {
      provider,
      credentials,
      settings: clientSettings(
        provider.spec,
        settings,
        acrossProviders ? undefined : values['base-url'],
        env,
      ),
    };
    providers.set(provider.spec.id, run);
    missing.push(...credentials.missing);
    unusable.push(...credentials.unusable);
  }
  return { providers, missing, unusable };
}

function planProblems(filePath: string | undefined, problems: readonly string[], missing: readonly string[]) {
  if (problems.length === 0) return missingCredentials(missing);
  const lines = [...problems, ...missing.map((line) => `missing ${line}`)];
  return new UsageError(
    `${filePath ?? 'The command line'} has ${lines.length === 1 ? 'a problem' : `${lines.length} problems`}; nothing was sent:\n${lines.map((line) => `  ${line}`).join('\n')}`,
  );
}

function checkQueueFlags(values: CancelValues): void {
  if (values['run-id'] !== undefined && values.queue === undefined) {
    throw new UsageError('--run-id names a run on a queue: add --queue redis://HOST:PORT.');
  }
  if (values.queue !== undefined && values.resume) {
    throw new UsageError(
      '--resume reads a local journal; a queued run resumes by its run ID: the same command with --run-id ID.',
    );
  }
}
