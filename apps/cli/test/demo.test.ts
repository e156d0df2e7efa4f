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

it('ends with a Next line that names the command the way the user runs it', async () => {
  const installed = await runBinary(['demo']);
  expect(installed.stdout).toContain('Next: cancel-order sandbox --orders 100');
  // ./dev sets CANCEL_ORDER_COMMAND, so the line in this repository says ./dev cancel-order, which works there.
  const inRepository = await runBinary(['demo'], { env: { CANCEL_ORDER_COMMAND: './dev cancel-order' } });
  expect(inRepository.stdout).toContain('Next: ./dev cancel-order sandbox --orders 100');
  expect(inRepository.stdout).toContain('./dev cancel-order --help');
}, 30_000);
