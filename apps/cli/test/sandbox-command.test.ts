import { providerIds } from '@cancel/sandbox';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runBinary, startBinary, waitFor } from './run-binary.js';

describe('cancel-order sandbox', () => {
  it('seeds --orders at every provider and one provider, prints them as CSV on stdout, the banner on stderr, and reports on exit', async () => {
    const sandbox = startBinary([
      'sandbox',
      '--no-seed',
      '--no-rate-limits',
      '--orders',
      '2',
      '--orders',
      'zinc=1:shipped',
    ]);
    let stdout = '';
    let stderr = '';
    sandbox.child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    sandbox.child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Two orders at every provider and one more at Zinc, after the CSV's header.
    const seeded = 2 * providerIds.length + 1;
    await waitFor(
      () => stderr.includes('Ctrl+C') && stdout.split('\n').length >= seeded + 1,
      'the banner and the orders',
    );
    const rows = parse(stdout, { columns: true }) as { provider: string; orderId: string; state: string }[];
    expect(rows).toHaveLength(seeded);
    expect(rows.filter((row) => row.state === 'shipped')).toEqual([
      expect.objectContaining({ provider: 'zinc' }),
    ]);
    expect(new Set(rows.map((row) => row.provider))).toEqual(new Set(providerIds));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)![1]!;
    // --no-seed: the first demo order is not there.
    const demo = await fetch(`${url}/zinc/orders/00000000-0000-4000-8000-000000000001/cancel`, {
      method: 'POST',
      headers: { authorization: 'Bearer zn_test_sandbox_5f2b8c41d9e3' },
    });
    expect(demo.status).toBe(404);
    sandbox.child.kill('SIGTERM');
    const done = await sandbox.done;
    expect(done.status).toBe(0);
    expect(done.stderr).toContain(
      `Seeded orders: 0 cancelled once, none more than once, ${seeded} not cancelled.`,
    );
  });

  it.each([
    [['--orders', 'lots'], '--orders takes N[:state]'],
    [['--orders', 'zink=3'], 'unknown provider "zink"'],
    [['--orders', '3:PAID'], 'a provider\u2019s own status needs PROVIDER=N:status'.replace('\u2019', "'")],
  ])('refuses %j with a usage error before serving', async (args, message) => {
    const run = await runBinary(['sandbox', ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
