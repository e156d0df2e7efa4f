import type { Cancellation, Result } from '@cancel/core';
import type { CliIo } from './cli-io.js';
import { formatDuration } from './format-duration.js';
import { paintFor } from './paint.js';
import { type Cell, renderTable } from './render-table.js';

export interface DemoRow {
  readonly provider: string;
  readonly orderId: string;
  /** The outcome or error code the sandbox means this order to end with. */
  readonly expect: string;
  readonly note: string;
  readonly result: Result<Cancellation>;
}

const header = ['PROVIDER', 'ORDER', 'RESULT', 'AS MEANT', 'ATTEMPTS', 'WHAT IT SHOWS'];

const ending = (row: DemoRow) => (row.result.ok ? row.result.value.outcome : row.result.error.code);

/** The demo's table on stdout, one group per provider; returns 0 when every order ended as meant. */
export function demoReport(rows: readonly DemoRow[], elapsedMs: number, io: CliIo): number {
  const paint = paintFor(io.stdout);
  const table = rows.flatMap((row, index): Cell[][] => {
    const got = ending(row);
    const meant = got === row.expect;
    const cells: Cell[] = [
      { text: row.provider },
      { text: row.orderId },
      { text: got, style: (text) => paint(!meant ? 'red' : row.result.ok ? 'green' : 'yellow', text) },
      {
        text: meant ? '✓' : `✗ expected ${row.expect}`,
        style: (text) => paint(meant ? 'green' : 'red', text),
      },
      { text: String(row.result.ok ? row.result.value.attempts : row.result.error.attempts) },
      { text: row.note },
    ];
    return index > 0 && rows[index - 1]!.provider !== row.provider ? [[], cells] : [cells];
  });
  const width = io.stdout.isTTY
    ? ((io.stdout as { columns?: number }).columns ?? 120)
    : Number.POSITIVE_INFINITY;
  const title = header.map((text): Cell => ({ text, style: (padded) => paint('bold', padded) }));
  io.stdout.write(`${renderTable(title, table, width)}\n\n`);
  const wrong = rows.filter((row) => ending(row) !== row.expect).length;
  if (wrong > 0) {
    io.stdout.write(
      paint('red', `${wrong} of ${rows.length} orders did not end as the sandbox means; see the ✗ rows.\n`),
    );
    return 1;
  }
  const providers = new Set(rows.map((row) => row.provider)).size;
  io.stdout.write(
    `${paint('green', '✓')} ${rows.length} orders at ${providers} providers in ${formatDuration(elapsedMs)}, each as meant: ` +
      'every outcome, refusals, retries after 503 and 429, with no credentials and no network.\n' +
      `Next: ${command(io)} sandbox --orders 100 keeps the simulator running with 100 test orders per provider; ${command(io)} --help shows the rest.\n`,
  );
  return 0;
}

/** How the user runs the command: `./dev cancel-order` in the repository (set by ./dev), else `cancel-order`. */
const command = (io: CliIo) => io.env.CANCEL_ORDER_COMMAND || 'cancel-order';
