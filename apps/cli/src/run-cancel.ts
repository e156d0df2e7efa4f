import { statSync } from 'node:fs';
import {
  type CancelClient,
  type CancellerCounts,
  type CancellerEntry,
  countCancellerEntry,
  createCanceller,
  emptyCounts,
} from '@cancel/core';
import type { CliIo } from './cli-io.js';
import { csvHeader, csvLine, failedLine } from './csv-row.js';
import { describeLimits } from './describe-limits.js';
import { Eta } from './eta.js';
import { type FailedWriter, openFailed } from './failed-writer.js';
import { humanLine } from './human-line.js';
import { type JournalWriter, openJournal } from './journal-writer.js';
import { jsonLine, type RunEntry } from './json-line.js';
import { OrderFeed, unconfiguredClient } from './order-feed.js';
import type { RunPlan } from './prepare-run.js';
import { Screen } from './screen.js';
import { type RunFacts, summary } from './summary.js';

const firstFailuresShown = 5;

/** Sends every order, reporting each as it finishes; returns the exit status. */
export async function runCancel(plan: RunPlan, io: CliIo): Promise<number> {
  const startedAt = Date.now();
  // Two ways to stop: a closed stdout stops taking orders and lets those in flight finish; Ctrl-C also aborts them.
  const stopTaking = new AbortController();
  const abort = new AbortController();
  let stdoutGone = false;
  const onInterrupt = () => {
    stopTaking.abort();
    abort.abort();
  };
  io.interrupt?.addEventListener('abort', onInterrupt, { once: true });
  const screen = new Screen(io, plan.secrets, () => {
    stdoutGone = true;
    stopTaking.abort();
  });
  const hadJournal = plan.journalPath !== undefined && hasContent(plan.journalPath);
  const journal = plan.journalPath === undefined ? undefined : openJournal(plan.journalPath);
  const failed = plan.failedPath === undefined ? undefined : openFailed(plan.failedPath);
  await notes(plan, io, screen, hadJournal);
  if (plan.output === 'csv') await screen.print(csvHeader);

  const eta = new Eta(
    plan.scan?.perProvider ?? new Map(),
    (provider) => plan.providers.get(provider)?.settings.rateLimits || [],
    startedAt,
  );
  const feed = new OrderFeed(plan, stopTaking.signal, (provider) => eta.finished(provider, false));
  const facts: RunFacts = {
    counts: { ...emptyCounts(), providers: {} } as CancellerCounts,
    firstFailures: [],
    retryable: 0,
  };
  let notSent = 0;
  const report = async (entry: RunEntry) => {
    // Read before the stop but never sent: counted, and kept in --failed as what is left, not shown as a failure.
    if (!entry.result.ok && entry.result.error.code === 'aborted' && entry.result.error.attempts === 0) {
      notSent++;
      failed?.append(screen.redact(failedLine(entry)!));
      return;
    }
    countCancellerEntry(facts.counts, entry as CancellerEntry);
    eta.finished(entry.provider, !entry.duplicate);
    if (!entry.result.ok) {
      if (facts.firstFailures.length < firstFailuresShown) facts.firstFailures.push(entry);
      if (entry.result.error.retryable && !entry.duplicate) facts.retryable++;
    }
    const line = screen.redact(JSON.stringify(jsonLine(entry)));
    if (!entry.duplicate) {
      journal?.append(line);
      const row = failedLine(entry);
      if (row !== undefined) failed?.append(screen.redact(row));
    }
    await show(plan, screen, entry, line, () =>
      progress(plan, screen, facts.counts.total + feed.skipped, facts, eta, startedAt),
    );
  };
  const canceller = createCanceller(clientsFor(plan));
  // A paced run can wait a minute between answers: the bar's clock and ETA still move meanwhile.
  const ticker = screen.showsProgress
    ? setInterval(() => {
        progress(plan, screen, facts.counts.total + feed.skipped, facts, eta, startedAt);
        screen.drawProgress(true);
      }, 1000)
    : undefined;
  try {
    const stream = canceller.streamCancelOrders(feed.references(), {
      signal: abort.signal,
      stopSignal: stopTaking.signal,
      readAhead: readAheadFor(plan),
    });
    await drain(stream, feed, report);
  } finally {
    clearInterval(ticker);
    screen.endProgress();
    closeQuietly(journal);
    if (failed) failed.close();
    io.interrupt?.removeEventListener('abort', onInterrupt);
  }
  const interrupted = io.interrupt?.aborted === true;
  const warning = plan.comments?.message();
  if (warning) await screen.say(screen.paint('yellow', warning));
  const unread = feed.stoppedEarly ? unreadCount(plan, facts, feed, notSent) : 0;
  await screen.say(
    summary(
      {
        ...facts,
        elapsedMs: Date.now() - startedAt,
        skipped: feed.skipped,
        duplicates: feed.duplicates,
        journal: plan.journalPath,
        failedPath: plan.failedPath,
        failedCount: failed?.count ?? 0,
        interrupted,
        stdoutGone,
        notSent: unread === undefined ? undefined : notSent + unread,
        acrossProviders: plan.acrossProviders,
      },
      screen.paint,
    ),
  );
  if (interrupted) return 130;
  return stdoutGone || facts.counts.failed > 0 ? 1 : 0;
}

/** Orders of the input never read; undefined when stdin was left unread, whose length is unknown. */
function unreadCount(plan: RunPlan, facts: RunFacts, feed: OrderFeed, notSent: number): number | undefined {
  if (!plan.scan) return undefined;
  return Math.max(0, plan.scan.total - facts.counts.total - feed.skipped - notSent);
}

/** The canceller's entries and the feed's local ones, whichever comes first; the local queue never waits long. */
async function drain(
  stream: AsyncGenerator<CancellerEntry>,
  feed: OrderFeed,
  report: (entry: RunEntry) => Promise<void>,
): Promise<void> {
  const local = 'local' as const;
  let next = stream.next();
  for (;;) {
    for (const entry of feed.takeLocal()) await report(entry);
    const step = await Promise.race([next, feed.localReady().then(() => local)]);
    if (typeof step === 'string') continue;
    if (step.done) break;
    next = stream.next();
    for (const entry of feed.finished(step.value)) await report(entry);
  }
  for (const entry of feed.takeLocal()) await report(entry);
}

/**
 * A file sorted by provider (all Zinc, then all OfferGrid, …) would keep the later providers waiting while the
 * first one's share is full. The scan says how many each has, so up to 100,000 per provider are held at
 * once and every provider starts at once; stdin keeps the canceller's default.
 */
function readAheadFor(plan: RunPlan): number | undefined {
  if (!plan.scan) return undefined;
  return Math.min(100_000, Math.max(1000, ...plan.scan.perProvider.values()));
}

function clientsFor(plan: RunPlan): CancelClient[] {
  return [...plan.providers.values()].map(({ provider, credentials, settings }) =>
    credentials.missing.length > 0
      ? unconfiguredClient(provider.spec.id, credentials.missing)
      : provider.create(settings, credentials.values),
  );
}

async function show(plan: RunPlan, screen: Screen, entry: RunEntry, line: string, update: () => void) {
  update();
  if (plan.output === 'json') await screen.print(line);
  else if (plan.output === 'csv') await screen.print(csvLine(entry));
  else return screen.say(humanLine(entry, screen.paint, plan.acrossProviders));
  screen.drawProgress();
}

function progress(plan: RunPlan, screen: Screen, done: number, facts: RunFacts, eta: Eta, startedAt: number) {
  const total = plan.scan?.total;
  if (!screen.showsProgress || (total !== undefined && total < 2)) return;
  const now = Date.now();
  screen.progress({
    done,
    total,
    failed: facts.counts.failed,
    elapsedMs: now - startedAt,
    remainingMs: eta.remainingMs(now),
  });
}

async function notes(plan: RunPlan, io: CliIo, screen: Screen, hadJournal: boolean): Promise<void> {
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
  if (!resumed && hadJournal) {
    await screen.say(
      `Appending to ${journalPath}, which already has entries; add --resume to skip orders that succeeded there.`,
    );
  }
  if (plan.filePath === '-' && (io.stdin as { isTTY?: boolean }).isTTY) {
    await screen.say(
      plan.acrossProviders
        ? 'Reading orders from stdin (CSV with provider and orderId columns, or JSON Lines); end with Ctrl-D.'
        : 'Reading order IDs from stdin, one per line; end with Ctrl-D.',
    );
  }
  const paced = [...plan.providers.values()].filter((run) => run.settings.rateLimits);
  for (const run of paced) {
    const count = plan.scan?.perProvider.get(run.provider.spec.id) ?? 0;
    if (count > 100) {
      await screen.say(
        screen.paint(
          'dim',
          `${run.provider.spec.displayName}: paced to ${describeLimits(run.settings.rateLimits || [])}.`,
        ),
      );
    }
  }
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

export type { FailedWriter };
