import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, sandboxEnvironment, startSandbox } from '@cancel/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from './run-binary.js';
import { runInTerminal } from './run-in-terminal.js';
import { scratchDirectory } from './scratch-directory.js';

let sandbox: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimits: false, seed: false });
  env = sandboxEnvironment(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

// Built from a string: a literal escape character in a regex literal is almost always a mistake, so lint refuses it.
const esc = String.fromCharCode(27);
const colour = new RegExp(`${esc}\\[3\\dm`);
const summaryOnCleanLine = new RegExp(`\\r${esc}\\[K(${esc}\\[1m)?12 orders`);
const bar = /\[[█░]+\] \d+\/12 \d+%/;

function slowOrders(count: number, ms: number): string[] {
  const ids = Array.from({ length: count }, () => sandbox.addOrder('zinc', { state: 'pending' }));
  for (const id of ids) sandbox.inject('zinc', id, { type: 'delay', ms });
  return ids;
}

function idFile(ids: readonly string[]): string {
  const path = join(scratchDirectory(), 'ids.txt');
  writeFileSync(path, `${ids.join('\n')}\n`);
  return path;
}

describe('in a terminal', () => {
  it('draws a progress bar with rate and ETA, in colour, and removes it before the summary', async () => {
    const file = idFile(slowOrders(12, 50));
    const run = runInTerminal(['zinc', '--file', file, '--concurrency', '2'], env);
    expect(await run.exited).toBe(0);
    const output = run.output();
    expect(output).toMatch(bar);
    expect(output).toMatch(/ETA \d/);
    expect(output).toMatch(/[\d.]+\/s/);
    expect(output).toMatch(colour);
    expect(output).toMatch(summaryOnCleanLine);
  });

  it('keeps the bar but drops colours under NO_COLOR', async () => {
    const file = idFile(slowOrders(12, 20));
    const run = runInTerminal(['zinc', '--file', file], { ...env, NO_COLOR: '1' });
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(bar);
    expect(run.output()).not.toMatch(colour);
  });

  it('shows no bar for a single order', async () => {
    const run = runInTerminal(['zinc', ...slowOrders(1, 0)], env);
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain('█');
  });

  it('stops cleanly on Ctrl-C: exit 130, summary written, unstarted orders never sent', async () => {
    const ids = slowOrders(20, 300);
    const journal = join(scratchDirectory(), 'journal.jsonl');
    const run = runInTerminal(['zinc', ...ids, '--concurrency', '1', '--journal', journal], env);
    await waitFor(() => (run.output().match(/✓/g) ?? []).length >= 2, 'two cancelled orders');
    run.type('\x03');
    expect(await run.exited).toBe(130);
    expect(run.output()).toContain('Interrupted');
    const sent = new Set(sandbox.requests.flatMap((request) => request.orderIds));
    expect(sent.size).toBeLessThan(ids.length);
    const journaled = readFileSync(journal, 'utf8').trim().split('\n');
    expect(journaled.length).toBeGreaterThanOrEqual(2);
  });

  it('shows from the start an ETA paced to the declared limit: 3,000 OfferGrid orders take about 30 minutes', async () => {
    const ids = Array.from({ length: 3000 }, () => sandbox.addOrder('offergrid', { state: 'pending' }));
    const run = runInTerminal(['offergrid', '--file', idFile(ids)], env);
    await waitFor(() => /100\/3,000/.test(run.output()), 'the first burst of 100');
    await waitFor(() => /ETA (29|30)m\d\ds/.test(run.output()), 'an ETA of about 30 minutes');
    run.type('\x03');
    expect(await run.exited).toBe(130);
    expect(run.output()).toContain('OfferGrid: paced to 100 requests a minute and 10,000 requests an hour');
    expect(run.output()).not.toContain('rate_limited');
  });

  it('serves the sandbox until Ctrl-C, printing base URLs and credentials', async () => {
    const run = runInTerminal(['sandbox', '--port', '0'], {});
    await waitFor(() => run.output().includes('Ctrl+C'), 'the sandbox banner');
    expect(run.output()).toMatch(/zinc\s+http:\/\/127\.0\.0\.1:\d+\/zinc/);
    expect(run.output()).toContain('ZINC_API_KEY=zn_test_');
    run.type('\x03');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('Sandbox stopped.');
  });
});
