import type { BulkEntry } from '@cancel/core';
import type { CliIo } from './cli-io.js';
import type { CliProvider } from './cli-provider.js';
import { formatDuration } from './format-duration.js';
import { paintFor } from './paint.js';
import { type Cell, renderTable } from './render-table.js';

interface DemoRow {
  readonly provider: string;
  readonly orderId: string;
  readonly expect: string;
  readonly note: string;
  readonly entry: BulkEntry;
}

/**
 * Every provider against the sandbox, in this process: no credentials, no network, a few seconds. The seeded
 * orders cover each outcome and the main error codes; the demo passes when each ends as the sandbox intends.
 */
export async function runDemo(io: CliIo, providers: readonly CliProvider[]): Promise<number> {
  const startedAt = Date.now();
  // Loaded on demand: a plain cancel run never pays for the simulator.
  const { startSandbox } = await import('@cancel/sandbox');
  const sandbox = await startSandbox({ port: 0, rateLimits: true, seed: true });
  io.stderr.write(
    `Sandbox of all ${providers.length} providers listening at ${sandbox.url} (this process only).\n`,
  );
  let rows: DemoRow[][];
  try {
    rows = await Promise.all(
      providers.map(async (provider) => {
        const id = provider.spec.id as keyof typeof sandbox.baseUrls;
        const orders = sandbox.demoOrders[id];
        const credentials = sandbox.credentials[id] as Readonly<Record<string, string>>;
        const client = provider.create({ baseUrl: sandbox.baseUrls[id], timeoutMs: 5_000 }, credentials);
        const found: DemoRow[] = [];
        const ids = orders.map((order) => order.id);
        for await (const entry of client.streamCancelOrders(ids, { signal: io.interrupt })) {
          const order = orders[entry.index]!;
          found[entry.index] = {
            provider: id,
            orderId: entry.orderId,
            expect: order.expect,
            note: order.note,
            entry,
          };
        }
        return found;
      }),
    );
  } finally {
    await sandbox.close();
  }
  return report(rows.flat(), Date.now() - startedAt, io);
}

function report(rows: readonly DemoRow[], elapsedMs: number, io: CliIo): number {
  const paint = paintFor(io.stdout);
  const table = rows.map((row): Cell[] => {
    const { result } = row.entry;
    const got = result.ok ? result.value.outcome : result.error.code;
    const attempts = result.ok ? result.value.attempts : result.error.attempts;
    const colour = got !== row.expect ? 'red' : result.ok ? 'green' : 'yellow';
    return [
      { text: row.provider },
      { text: row.orderId },
      { text: got, style: (text) => paint(colour, text) },
      {
        text: got === row.expect ? '✓' : `✗ expected ${row.expect}`,
        style: (text) => paint(got === row.expect ? 'green' : 'red', text),
      },
      { text: String(attempts) },
      { text: row.note },
    ];
  });
  const width = io.stdout.isTTY ? ((io.stdout as { columns?: number }).columns ?? 120) : Infinity;
  io.stdout.write(
    `${renderTable(['PROVIDER', 'ORDER', 'RESULT', 'AS MEANT', 'ATTEMPTS', 'WHAT IT SHOWS'], table, width)}\n\n`,
  );
  const wrong = rows.filter(
    (row) =>
      (row.entry.result.ok ? row.entry.result.value.outcome : row.entry.result.error.code) !== row.expect,
  );
  const providers = new Set(rows.map((row) => row.provider)).size;
  if (wrong.length > 0) {
    io.stdout.write(
      paint(
        'red',
        `${wrong.length} of ${rows.length} orders did not end as the sandbox intends; see the ✗ rows.\n`,
      ),
    );
    return 1;
  }
  io.stdout.write(
    `${paint('green', '✓')} ${rows.length} orders at ${providers} providers in ${formatDuration(elapsedMs)}, each as meant: ` +
      `successes, refusals and retries, with no credentials and no network.\n` +
      `Next: cancel-order sandbox to keep the simulator running, or cancel-order <provider> --help.\n`,
  );
  return 0;
}
