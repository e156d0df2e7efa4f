import type { ClientSettings } from '@cancel/core';
import type { CliIo } from './cli-io.js';
import type { CliProvider } from './cli-provider.js';
import { openOrderFile } from './open-order-file.js';
import type { CancelValues } from './parse-command-line.js';
import { type JournalSummary, readJournal } from './read-journal.js';
import { type ResolvedCredentials, resolveCredentials } from './resolve-credentials.js';
import { resolveSettings } from './resolve-settings.js';
import { UsageError } from './usage-error.js';

export interface RunPlan {
  readonly provider: CliProvider;
  readonly credentials: ResolvedCredentials;
  readonly settings: ClientSettings;
  readonly orderIds: readonly string[];
  readonly filePath?: string | undefined;
  readonly file?: AsyncIterable<string | Uint8Array> | undefined;
  readonly journalPath?: string | undefined;
  /** What the journal says already succeeded, with `--resume`. */
  readonly resumed?: JournalSummary | undefined;
}

/**
 * Everything that can be wrong with the command line or the configuration is found here, before the first
 * request: a usage error then means that nothing was sent.
 */
export async function prepareRun(
  provider: CliProvider,
  orderIds: readonly string[],
  values: CancelValues,
  io: CliIo,
): Promise<RunPlan> {
  if (values.resume && !values.journal) {
    throw new UsageError(
      '--resume needs --journal PATH: the journal of the earlier run tells which orders already succeeded.',
    );
  }
  const credentials = resolveCredentials(provider.spec, values, io.env);
  const settings = resolveSettings(provider.spec, values, io.env);
  if (orderIds.length === 0 && values.file === undefined) {
    throw new UsageError(
      `No order IDs. Pass them after the provider (cancel-order ${provider.spec.id} ID1 ID2), or one per line with --file PATH (--file - reads stdin).`,
    );
  }
  const file = values.file === undefined ? undefined : await openOrderFile(values.file, io.stdin);
  const resumed = values.resume ? await readJournal(values.journal!, provider.spec.id) : undefined;
  return {
    provider,
    credentials,
    settings,
    orderIds,
    filePath: values.file,
    file,
    journalPath: values.journal,
    resumed,
  };
}
