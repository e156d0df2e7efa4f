import { expect, it } from 'vitest';
import { runBinary } from './run-binary.js';

it('cancel-order demo shows every provider and exits 0 without credentials or network', async () => {
  const run = await runBinary(['demo']);
  expect(run.status, run.stdout + run.stderr).toBe(0);
  for (const provider of ['zinc', 'offergrid', 'snappy', 'fungies', 'fincart']) {
    expect(run.stdout).toMatch(new RegExp(`^${provider} `, 'm'));
  }
  for (const ending of [
    'cancelled',
    'already_cancelled',
    'requested',
    'not_cancellable',
    'not_found',
    'rate_limited',
  ]) {
    expect(run.stdout).toContain(ending);
  }
  expect(run.stdout).toMatch(/503 twice, then cancels/);
  expect(run.stdout).not.toContain('✗');
});
