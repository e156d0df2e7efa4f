import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { providerIds } from '@cancel/sandbox';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { runBinary, startBinary, waitFor } from './run-binary.js';
import { scratchDirectory } from './scratch-directory.js';

// The README's incident drill, end to end, with the built binary and a sandbox in a process of its own. The
// issue's drill has 3,000 orders per provider; this one has fewer so the suite stays quick (see docs/api.md
// for the full-size run and its timing).
const perProvider = 300;
const notCancellable = 4;

const lines = (path: string) =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];

it('seeds a sandbox, cancels every order of one CSV across providers, survives an interruption and a resume, and leaves exactly the orders that cannot be cancelled', async () => {
  const folder = scratchDirectory();
  const orders = join(folder, 'orders.csv');
  const sandboxEnv = join(folder, 'sandbox.env');
  const journal = join(folder, 'run.jsonl');
  const failed = join(folder, 'failed.csv');
  const sandbox = startBinary([
    'sandbox',
    '--no-rate-limits',
    '--no-seed',
    '--orders',
    String(perProvider),
    '--orders',
    `${notCancellable}:shipped`,
    '--orders-file',
    orders,
    '--write-env',
    sandboxEnv,
  ]);
  let sandboxErr = '';
  sandbox.child.stderr.on('data', (chunk: Buffer) => {
    sandboxErr += chunk.toString();
  });
  try {
    await waitFor(() => sandboxErr.includes('for --env-file'), 'the sandbox to seed its orders');
    const seeded = parse(readFileSync(orders, 'utf8'), { columns: true }) as {
      provider: string;
      orderId: string;
      state: string;
    }[];
    expect(seeded).toHaveLength(providerIds.length * (perProvider + notCancellable));

    // One command, the same both times; the sandbox's limits are off, so the client's pacing is too.
    const command = [
      '--file',
      orders,
      '--env-file',
      sandboxEnv,
      '--no-rate-limits',
      '--journal',
      journal,
      '--resume',
      '--failed',
      failed,
    ];
    const first = startBinary(command);
    await waitFor(() => lines(journal).length >= seeded.length / 4, 'a quarter of the orders to finish');
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.status).toBe(130);
    expect(interrupted.stderr).toContain('Interrupted');
    expect(interrupted.stderr).toContain(`--journal ${journal} --resume`);
    expect(lines(journal).length).toBeLessThan(seeded.length);

    const resumed = await runBinary(command);
    expect(resumed.status, resumed.stderr).toBe(1);
    expect(resumed.stderr).toMatch(/skipped\s+[\d,]+ already succeeded/);

    const left = parse(readFileSync(failed, 'utf8'), { columns: true }) as {
      provider: string;
      orderId: string;
      code: string;
    }[];
    const shipped = seeded.filter((order) => order.state === 'shipped');
    expect(left.map((row) => `${row.provider} ${row.orderId}`).sort()).toEqual(
      shipped.map((order) => `${order.provider} ${order.orderId}`).sort(),
    );
    expect(new Set(left.map((row) => row.code))).toEqual(new Set(['not_cancellable']));
  } finally {
    sandbox.child.kill('SIGTERM');
  }
  const stopped = await sandbox.done;
  // The sandbox's own count of state changes: every cancellable order cancelled once, none twice.
  const pending = providerIds.length * perProvider;
  expect(stopped.stderr).toContain(
    `Seeded orders: ${pending.toLocaleString('en-US')} cancelled once, none more than once, ${providerIds.length * notCancellable} not cancelled.`,
  );
}, 120_000);
