import { statSync } from 'node:fs';
import { countEntry, emptyCounts } from '@cancel/core';
import type { CliIo } from './cli-io.js';
import { commentWarning } from './comment-warning.js';
import { countOrderIds } from './count-order-ids.js';
import { humanLine } from './human-line.js';
import { type JournalWriter, openJournal } from './journal-writer.js';
import { jsonLine } from './json-line.js';
import { orderIdSource } from './order-id-source.js';
import type { RunPlan } from './prepare-run.js';
import { Screen } from './screen.js';
import { summary } from './summary.js';

export interface RunOptions {
  readonly json: boolean;
}

/** Sends every order, reporting each as it finishes; returns the exit status. */
export async function runCancel(plan: RunPlan, options: RunOptions, io: CliIo): Promise<number> {
  const startedAt = Date.now();
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  io.interrupt?.addEventListener('abort', onInterrupt, { once: true });
  const screen = new Screen(io, plan.credentials.secrets, () => stop.abort());
  const { spec } = plan.provider;

  await notes(plan, io, screen);
  const journal = plan.journalPath === undefined ? undefined : openJournal(plan.journalPath);
  const total = io.stderr.isTTY ? await knownTotal(plan) : undefined;
  const showProgress = io.stderr.isTTY === true && (total === undefined || total > 1);

  const client = plan.provider.create(plan.settings, plan.credentials.values);
  const counts = emptyCounts();
  let skipped = 0;
  const comments = commentWarning(spec);
  const source = orderIdSource({
    orderIds: plan.orderIds,
    file: plan.file,
    skip: plan.resumed?.succeeded,
    onSkip: () => skipped++,
    onComment: comments.see,
    signal: stop.signal,
  });
  try {
    for await (const entry of client.streamCancelOrders(source, { signal: stop.signal })) {
      countEntry(counts, entry);
      const line = screen.redact(JSON.stringify(jsonLine(spec.id, entry)));
      journal?.append(line);
      if (showProgress && (total !== undefined || counts.total > 1)) {
        screen.progress({
          done: counts.total,
          total,
          failed: counts.failed,
          elapsedMs: Date.now() - startedAt,
        });
      }
      if (options.json) {
        await screen.print(line);
        screen.drawProgress(counts.total === total);
      } else {
        await screen.say(humanLine(entry, screen.paint));
      }
    }
  } finally {
    screen.endProgress();
    closeQuietly(journal);
    io.interrupt?.removeEventListener('abort', onInterrupt);
  }
  const interrupted = io.interrupt?.aborted === true;
  const warning = comments.message();
  if (warning) await screen.say(screen.paint('yellow', warning));
  await screen.say(
    summary(
      { counts, elapsedMs: Date.now() - startedAt, skipped, journal: plan.journalPath, interrupted },
      screen.paint,
    ),
  );
  if (interrupted) return 130;
  return counts.failed > 0 ? 1 : 0;
}

async function notes(plan: RunPlan, io: CliIo, screen: Screen): Promise<void> {
  const { resumed, journalPath } = plan;
  if (resumed && !resumed.exists) {
    await screen.say(`No journal at ${journalPath} yet: starting from the first order; it will be created.`);
  }
  if (resumed?.exists) {
    await screen.say(
      `Resuming from ${journalPath}: ${resumed.succeeded.size} order(s) that already succeeded there are skipped.`,
    );
  }
  if (resumed && resumed.unreadable > 0) {
    await screen.say(
      `Skipped ${resumed.unreadable} unreadable line(s) in ${journalPath}: a line cut off when a run was killed is expected; those orders are sent again.`,
    );
  }
  if (!resumed && journalPath !== undefined && hasContent(journalPath)) {
    await screen.say(
      `Appending to ${journalPath}, which already has entries; add --resume to skip orders that succeeded there.`,
    );
  }
  if (plan.filePath === '-' && (io.stdin as { isTTY?: boolean }).isTTY) {
    await screen.say('Reading order IDs from stdin, one per line; end with Ctrl-D.');
  }
}

/** The number of orders to send, when it can be known without holding them: not for stdin. */
async function knownTotal(plan: RunPlan): Promise<number | undefined> {
  if (plan.filePath === '-') return undefined;
  const skip = plan.resumed?.succeeded;
  const fromArguments = plan.orderIds.filter((orderId) => !skip?.has(orderId)).length;
  return fromArguments + (plan.filePath === undefined ? 0 : await countOrderIds(plan.filePath, skip));
}

function hasContent(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}

function closeQuietly(journal: JournalWriter | undefined): void {
  try {
    journal?.close();
  } catch {
    // The lines are already written; a failing close must not hide the summary.
  }
}
