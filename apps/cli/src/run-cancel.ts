import { statSync } from 'node:fs';
import { type CancelClient, type CancellerEntry, createCanceller } from '@cancel/core';
import type { CliIo } from './cli-io.js';
import { csvHeader } from './csv-row.js';
import { describeLimits } from './describe-limits.js';
import type { RunEntry } from './json-line.js';
import { OrderFeed, unconfiguredClient } from './order-feed.js';
import type { ProviderRun, RunPlan } from './prepare-run.js';
import { RunReport } from './run-report.js';
import { Screen } from './screen.js';
import { summary } from './summary.js';

/** Sends every order, reporting each as it finishes; returns the exit status. */
export async function runCancel(plan: RunPlan, io: CliIo): Promise<number> {
  // Two ways to stop: a closed stdout stops taking orders and lets those in flight finish; Ctrl-C also aborts them.
  const stopTaking = new AbortController();
  const abort = new AbortController();
  let stdoutGone = false;
  const onInterrupt = () => {
    stopTaking.abort();
    abort.abort();
  };
  const screen = new Screen(io, plan.secrets, () => {
    stdoutGone = true;
    stopTaking.abort();
  });
  const hadJournal = plan.journalPath !== undefined && hasContent(plan.journalPath);
  const report = new RunReport(plan, screen);
  const feed = new OrderFeed(plan, stopTaking.signal, (provider) => report.skip(provider));
  io.interrupt?.addEventListener('abort', onInterrupt, { once: true });
  // A paced run can wait a minute between answers: the bar's clock and ETA still move meanwhile.
  const ticker = screen.showsProgress ? setInterval(() => tick(report, screen), 1000) : undefined;
  try {
    await notes(plan, io, screen, hadJournal);
    if (plan.output === 'csv') await screen.print(csvHeader);
    const stream = createCanceller(clientsFor(plan)).streamCancelOrders(feed.references(), {
      signal: abort.signal,
      stopSignal: stopTaking.signal,
      readAhead: readAheadFor(plan),
    });
    await drain(stream, feed, (entry) => report.record(entry));
  } finally {
    clearInterval(ticker);
    report.close();
    io.interrupt?.removeEventListener('abort', onInterrupt);
  }
  const interrupted = io.interrupt?.aborted === true;
  const warning = plan.comments?.message();
  if (warning) await screen.say(screen.paint('yellow', warning));
  // A stop (Ctrl-C, a closed stdout) may leave the input unread, or a stalled stdin waiting.
  const unread = stopTaking.signal.aborted && !feed.exhausted ? unreadCount(plan, report) : 0;
  await screen.say(
    summary(
      {
        ...report.facts,
        elapsedMs: report.elapsedMs,
        skipped: report.skipped,
        duplicates: feed.duplicates,
        journal: plan.journalPath,
        failedPath: plan.failedPath,
        failedCount: report.failedCount,
        failedNotSent: plan.failedPath === undefined ? 0 : report.notSent,
        interrupted,
        stdoutGone,
        notSent: unread === undefined ? undefined : report.notSent + unread,
        acrossProviders: plan.acrossProviders,
      },
      screen.paint,
    ),
  );
  if (interrupted) return 130;
  return stdoutGone || report.facts.counts.failed > 0 ? 1 : 0;
}

function tick(report: RunReport, screen: Screen): void {
  report.updateProgress();
  screen.drawProgress(true);
}

/** Orders of the input never read; undefined when stdin was left unread, whose length is unknown. */
function unreadCount(plan: RunPlan, report: RunReport): number | undefined {
  if (!plan.scan) return undefined;
  return Math.max(0, plan.scan.total - report.facts.counts.total - report.skipped - report.notSent);
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
  for (const run of plan.providers.values()) await pacingNote(plan, run, screen);
}

/** Says how a provider is paced when it matters: a long run, or a --rate its documented limits override. */
async function pacingNote(plan: RunPlan, run: ProviderRun, screen: Screen): Promise<void> {
  const limits = run.settings.rateLimits || [];
  const { displayName, id, rateLimits: declared = [] } = run.provider.spec;
  const rate = plan.settings.rate;
  const slower = declared.filter(
    (limit) => rate !== undefined && (limit.limit * 1000) / limit.intervalMs < rate,
  );
  if (!plan.settings.noRateLimits && slower.length > 0) {
    await screen.say(
      screen.paint(
        'yellow',
        `${displayName}: --rate ${rate} is above its documented ${describeLimits(slower)}, which still ${slower.length > 1 ? 'apply' : 'applies'}.`,
      ),
    );
  } else if (limits.length > 0 && (plan.scan?.perProvider.get(id) ?? 0) > 100) {
    await screen.say(screen.paint('dim', `${displayName}: paced to ${describeLimits(limits)}.`));
  }
}

function hasContent(path: string): boolean {
  try {
    return statSync(path).size > 0;
  } catch {
    return false;
  }
}
