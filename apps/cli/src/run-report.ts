import { type CancellerCounts, type CancellerEntry, countCancellerEntry, emptyCounts } from '@cancel/core';
import { csvLine, failedLine } from './csv-row.js';
import { Eta } from './eta.js';
import { type FailedWriter, openFailed } from './failed-writer.js';
import { humanLine } from './human-line.js';
import { type JournalWriter, openJournal } from './journal-writer.js';
import { jsonLine, type RunEntry } from './json-line.js';
import type { RunPlan } from './prepare-run.js';
import type { Screen } from './screen.js';
import type { RunFacts } from './summary.js';

const firstFailuresShown = 5;

/**
 * Where each finished order goes: the counts and first failures kept for the summary, the journal, the
 * --failed file, stdout or stderr, and the progress bar. Opening the files here, before anything is sent,
 * turns a bad path into a usage error.
 */
export class RunReport {
  readonly facts: RunFacts = {
    counts: { ...emptyCounts(), providers: {} } as CancellerCounts,
    firstFailures: [],
    retryable: 0,
  };
  /** Read before a stop and never sent. */
  notSent = 0;
  skipped = 0;
  readonly #journal: JournalWriter | undefined;
  readonly #failed: FailedWriter | undefined;
  readonly #eta: Eta;
  readonly #startedAt = Date.now();

  constructor(
    private readonly plan: RunPlan,
    private readonly screen: Screen,
  ) {
    this.#journal = plan.journalPath === undefined ? undefined : openJournal(plan.journalPath);
    this.#failed = plan.failedPath === undefined ? undefined : openFailed(plan.failedPath);
    this.#eta = new Eta(
      plan.scan?.perProvider ?? new Map(),
      (provider) => plan.providers.get(provider)?.settings.rateLimits || [],
      this.#startedAt,
    );
  }

  get elapsedMs(): number {
    return Date.now() - this.#startedAt;
  }

  get failedCount(): number {
    return this.#failed?.count ?? 0;
  }

  /** An order left out without a request: the journal says it already succeeded. */
  skip(provider: string): void {
    this.skipped++;
    this.#eta.finished(provider, false);
  }

  async record(entry: RunEntry): Promise<void> {
    // Read before the stop but never sent: counted, and kept in --failed as what is left, not shown as a failure.
    if (!entry.result.ok && entry.result.error.code === 'aborted' && entry.result.error.attempts === 0) {
      this.notSent++;
      this.#failed?.append(this.screen.redact(failedLine(entry)!));
      return;
    }
    this.#count(entry);
    const line = this.screen.redact(JSON.stringify(jsonLine(entry)));
    if (!entry.duplicate) {
      this.#journal?.append(line);
      const row = failedLine(entry);
      if (row !== undefined) this.#failed?.append(this.screen.redact(row));
    }
    this.updateProgress();
    if (this.plan.output === 'json') await this.screen.print(line);
    else if (this.plan.output === 'csv') await this.screen.print(csvLine(entry));
    else return this.screen.say(humanLine(entry, this.screen.paint, this.plan.acrossProviders));
    this.screen.drawProgress();
  }

  #count(entry: RunEntry): void {
    const { facts } = this;
    countCancellerEntry(facts.counts, entry as CancellerEntry);
    this.#eta.finished(entry.provider, !entry.duplicate);
    if (entry.result.ok) return;
    if (facts.firstFailures.length < firstFailuresShown) facts.firstFailures.push(entry);
    if (entry.result.error.retryable && !entry.duplicate) facts.retryable++;
  }

  /** The bar's counts and ETA, drawn with the next line (or by `drawProgress`). */
  updateProgress(): void {
    const total = this.plan.scan?.total;
    if (!this.screen.showsProgress || (total !== undefined && total < 2)) return;
    const now = Date.now();
    this.screen.progress({
      done: this.facts.counts.total + this.skipped,
      total,
      failed: this.facts.counts.failed,
      elapsedMs: now - this.#startedAt,
      remainingMs: this.#eta.remainingMs(now),
    });
  }

  close(): void {
    this.screen.endProgress();
    try {
      this.#journal?.close();
    } catch {
      // The lines are already written; a failing close must not hide the summary.
    }
    this.#failed?.close();
  }
}
