import type { BulkCounts, CancellerCounts } from '@cancel/core';
import { formatDuration } from './format-duration.js';
import { humanLine } from './human-line.js';
import type { RunEntry } from './json-line.js';
import type { Paint } from './paint.js';

/** What a run keeps for its summary: counts, and only the first few failures. */
export interface RunFacts {
  readonly counts: CancellerCounts;
  readonly firstFailures: RunEntry[];
  /** Failed orders a later run may well cancel (rate_limited, provider_error, network, timeout). */
  retryable: number;
}

export interface SummaryFacts extends RunFacts {
  readonly elapsedMs: number;
  /** Orders left out because the journal says they already succeeded. */
  readonly skipped: number;
  /** Later occurrences of orders named more than once: not sent again. */
  readonly duplicates?: number;
  readonly journal?: string | undefined;
  readonly failedPath?: string | undefined;
  readonly failedCount?: number;
  /** Rows of --failed for orders read but never sent, because the run stopped. */
  readonly failedNotSent?: number;
  readonly interrupted?: boolean;
  readonly stdoutGone?: boolean;
  /** Orders never sent because the run stopped; undefined when stdin was left unread. */
  readonly notSent?: number | undefined;
  readonly acrossProviders?: boolean;
}

const number = (value: number) => value.toLocaleString('en-US');

/** Counts by provider, outcome and error code, the first failures, where the failures went, and what to do next. */
export function summary(facts: SummaryFacts, paint: Paint): string {
  const { counts } = facts;
  const orders = counts.total === 1 ? '1 order' : `${number(counts.total)} orders`;
  const failed = counts.failed > 0 ? paint('red', `${number(counts.failed)} failed`) : '0 failed';
  const lines = [
    `${paint('bold', orders)} in ${formatDuration(facts.elapsedMs)}: ${paint('green', `${number(counts.succeeded)} succeeded`)}, ${failed}`,
    ...countLines(counts, '  '),
  ];
  const providers = Object.entries(counts.providers);
  if (facts.acrossProviders && providers.length > 0) {
    const width = Math.max(...providers.map(([name]) => name.length));
    for (const [name, perProvider] of providers) {
      lines.push(`  ${name.padEnd(width)}  ${byOutcome(perProvider)}`);
    }
  }
  if (facts.skipped > 0)
    lines.push(`  skipped    ${number(facts.skipped)} already succeeded in ${facts.journal}`);
  if (facts.duplicates)
    lines.push(`  repeated   ${number(facts.duplicates)} named again in the input, sent once`);
  if (facts.firstFailures.length > 0) {
    lines.push(counts.failed > facts.firstFailures.length ? 'First failures:' : 'Failures:');
    for (const entry of facts.firstFailures) lines.push(`  ${humanLine(entry, paint, true, 100)}`);
  }
  if (facts.failedPath !== undefined) {
    const retryable = facts.retryable === 0 ? 'none retryable' : `${number(facts.retryable)} retryable`;
    const unsent = facts.failedNotSent ? `, ${number(facts.failedNotSent)} of them not sent` : '';
    lines.push(
      `Failed orders: ${facts.failedPath} (${number(facts.failedCount ?? 0)}${unsent}, ${retryable}).`,
    );
  }
  lines.push(...nextSteps(facts, paint));
  return lines.join('\n');
}

function countLines(counts: BulkCounts, indent: string): string[] {
  const lines: string[] = [];
  const outcomes = listed(counts.outcomes);
  if (outcomes) lines.push(`${indent}succeeded  ${outcomes}`);
  const errors = listed(counts.errors);
  if (errors) lines.push(`${indent}failed     ${errors}`);
  return lines;
}

function byOutcome(counts: BulkCounts): string {
  const orders = counts.total === 1 ? '1 order' : `${number(counts.total)} orders`;
  return `${orders}: ${[listed(counts.outcomes), listed(counts.errors)].filter(Boolean).join(', ')}`;
}

/** A hint to resume only when something is left that another run could do. */
function nextSteps(facts: SummaryFacts, paint: Paint): string[] {
  const left = facts.retryable > 0 || facts.interrupted || facts.stdoutGone;
  if (!left) return [];
  const stopped = facts.stdoutGone
    ? paint('yellow', 'Stopped: stdout was closed, so no further order was sent; those in flight finished.')
    : facts.interrupted
      ? paint('yellow', 'Interrupted: orders not started were not sent.')
      : undefined;
  const notSent =
    facts.notSent === undefined
      ? ' The rest of stdin was not read.'
      : facts.notSent > 0
        ? ` ${number(facts.notSent)} order(s) were not sent.`
        : '';
  const lines = stopped ? [`${stopped}${notSent}`] : [];
  const retryable = `${number(facts.retryable)} failed order(s) may succeed if sent again`;
  if (facts.journal) {
    lines.push(
      stopped
        ? `Run the same command with --journal ${facts.journal} --resume to send only what is left.`
        : `${retryable}: run the same command with --journal ${facts.journal} --resume to send only those.`,
    );
  } else if (stopped) {
    lines.push(
      'Run it again to send the rest (orders already cancelled answer already_cancelled); with --journal PATH --resume, only what is left is sent.',
    );
  } else if (facts.failedPath) {
    lines.push(
      `${retryable}: cancel-order --file ${facts.failedPath} (with your other flags) sends them again.`,
    );
  } else {
    lines.push(`${retryable}: add --failed PATH to list them for another run, or --journal PATH --resume.`);
  }
  return lines;
}

function listed(counts: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(counts)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([name, count]) => `${number(count ?? 0)} ${name}`)
    .join(', ');
}
