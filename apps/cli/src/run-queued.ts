import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { CancelError, err } from '@cancel/core';
import type { CliIo } from './cli-io.js';
import { csvHeader } from './csv-row.js';
import type { RunEntry } from './json-line.js';
import type { RunPlan } from './prepare-run.js';
import { openQueueMode, showQueueUrl } from './queue-mode.js';
import { isProblem } from './read-references.js';
import { RunReport } from './run-report.js';
import { Screen } from './screen.js';
import { summary } from './summary.js';

export interface QueuedRun {
  readonly url: string;
  readonly runId?: string | undefined;
  /** The order IDs given as arguments, part of the default run ID. */
  readonly orderIds: readonly string[];
}

/**
 * `--queue`: the orders go to Redis as one run, the workers (`cancel-order worker`) cancel them, and this
 * command follows the run, printing what a local run prints and exiting with the same status. Stopped and run
 * again, the same command enqueues nothing twice (the same run ID: `--run-id`, or one derived from the input)
 * and follows the run from its start.
 */
export async function runQueued(plan: RunPlan, io: CliIo, queued: QueuedRun): Promise<number> {
  const queueMode = await openQueueMode(queued.url);
  const runId = queued.runId ?? (await runIdFor(plan, queued.orderIds));
  const follow = new AbortController();
  let stdoutGone = false;
  const screen = new Screen(io, plan.secrets, () => {
    stdoutGone = true;
    follow.abort();
  });
  const report = new RunReport(plan, screen);
  const stop = () => follow.abort();
  io.interrupt?.addEventListener('abort', stop, { once: true });
  const queue = queueMode.createCancelQueue({ connection: queued.url, batchSizes: batchSizesOf(plan) });
  try {
    if (plan.output === 'csv') await screen.print(csvHeader);
    const local: RunEntry[] = [];
    // Interrupted while enqueuing, the run keeps what was added; the same command adds the rest.
    const added = await queue
      .enqueue(references(plan, local), { runId, signal: follow.signal })
      .catch((error: unknown) => {
        if (follow.signal.aborted) return undefined;
        throw error;
      });
    for (const entry of local) await report.record(entry);
    if (added) {
      const already = added.skipped ? `, ${added.skipped} already in the run` : '';
      const where = `Run ${runId} on ${showQueueUrl(queued.url)}`;
      await screen.say(
        screen.paint(
          'dim',
          `${where}: ${added.enqueued} enqueued${already}; following as workers finish them.`,
        ),
      );
      for await (const entry of queue.results(runId, { signal: follow.signal })) await report.record(entry);
    }
  } finally {
    report.close();
    io.interrupt?.removeEventListener('abort', stop);
    await queue.close();
  }
  const interrupted = io.interrupt?.aborted === true;
  await screen.say(summary(summaryFacts(plan, report, interrupted, stdoutGone), screen.paint));
  if (interrupted || stdoutGone) {
    await screen.say(
      `Stopped following run ${runId}; its orders go on with the workers. The same command with --run-id ${runId} follows it again without enqueuing anything twice.`,
    );
  }
  if (interrupted) return 130;
  return stdoutGone || report.facts.counts.failed > 0 ? 1 : 0;
}

function summaryFacts(plan: RunPlan, report: RunReport, interrupted: boolean, stdoutGone: boolean) {
  return {
    ...report.facts,
    elapsedMs: report.elapsedMs,
    skipped: 0,
    failedPath: plan.failedPath,
    failedCount: report.failedCount,
    interrupted,
    stdoutGone,
    acrossProviders: plan.acrossProviders,
  };
}

/** The input's orders; a line naming no usable order is reported here, as a local run reports it, not enqueued. */
async function* references(plan: RunPlan, local: RunEntry[]) {
  const known = new Set(plan.known.map((candidate) => candidate.spec.id));
  for await (const item of plan.items()) {
    if (isProblem(item)) local.push(invalid('', '', `Line ${item.line}: ${item.problem}.`));
    else if (!known.has(item.provider)) local.push(invalid(item.provider, item.orderId, 'Unknown provider.'));
    else yield { provider: item.provider, orderId: item.orderId };
  }
}

function invalid(provider: string, orderId: string, message: string): RunEntry {
  const error = new CancelError({
    code: 'invalid_input',
    message: `${message} Nothing was sent.`,
    provider,
    orderId,
  });
  return { provider, orderId, result: err(error) };
}

/**
 * Without `--run-id`, a file or arguments name their run by their content, so the same command run again
 * follows the same run; stdin cannot be read twice, so it gets a new ID, printed for `--run-id`.
 */
async function runIdFor(plan: RunPlan, orderIds: readonly string[]): Promise<string> {
  if (plan.filePath === '-')
    return `cli-${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`;
  const hash = createHash('sha256');
  hash.update(JSON.stringify([plan.acrossProviders ? '' : [...plan.providers.keys()][0], orderIds]));
  // The file's bytes, not its parsed lines: the plan's own pass over the input is kept for the run.
  if (plan.filePath !== undefined)
    for await (const chunk of createReadStream(plan.filePath)) hash.update(chunk);
  return `cli-${hash.digest('hex').slice(0, 20)}`;
}

/** Orders per job, from each provider's own client (Fincart's batch size), so producers batch as workers do. */
function batchSizesOf(plan: RunPlan): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const provider of plan.known) {
    const size = provider.create({}, {}).batchSize;
    if (size !== undefined) sizes[provider.spec.id] = size;
  }
  return sizes;
}
