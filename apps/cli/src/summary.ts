import type { BulkCounts } from '@cancel/core';
import { formatDuration } from './format-duration.js';
import type { Paint } from './paint.js';

export interface SummaryFacts {
  readonly counts: BulkCounts;
  readonly elapsedMs: number;
  /** Orders left out because the journal says they already succeeded. */
  readonly skipped: number;
  readonly journal?: string | undefined;
  readonly interrupted?: boolean;
}

/** Counts per outcome and per error code, and the time taken, for the end of a run. */
export function summary(
  { counts, elapsedMs, skipped, journal, interrupted }: SummaryFacts,
  paint: Paint,
): string {
  const orders = counts.total === 1 ? '1 order' : `${counts.total} orders`;
  const failed = counts.failed > 0 ? paint('red', `${counts.failed} failed`) : '0 failed';
  const lines = [
    `${paint('bold', orders)} in ${formatDuration(elapsedMs)}: ${paint('green', `${counts.succeeded} succeeded`)}, ${failed}`,
  ];
  const outcomes = listed(counts.outcomes);
  if (outcomes) lines.push(`  succeeded  ${outcomes}`);
  const errors = listed(counts.errors);
  if (errors) lines.push(`  failed     ${errors}`);
  if (skipped > 0) lines.push(`  skipped    ${skipped} already succeeded in ${journal}`);
  if (interrupted) {
    lines.push(
      paint('yellow', `Interrupted: orders not started were not sent.`) +
        (journal ? ` Run the same command with --resume to continue.` : ''),
    );
  } else if (counts.failed > 0 && journal) {
    lines.push(`Run again with --journal ${journal} --resume to retry only the orders that failed.`);
  }
  return lines.join('\n');
}

function listed(counts: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(counts)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([name, count]) => `${count} ${name}`)
    .join(', ');
}
