import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, sandboxEnvironment, startSandbox } from '@cancel/sandbox';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBinary, startBinary, waitFor } from './run-binary.js';
import { scratchDirectory } from './scratch-directory.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimits: false, seed: false });
});
afterAll(() => sandbox.close());

const journalLines = (path: string) =>
  existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as { orderId: string; ok: boolean }];
          } catch {
            return [];
          }
        })
    : [];

it('continues a run killed mid-way (SIGKILL) where it stopped, without cancelling any order twice', async () => {
  const env = sandboxEnvironment(sandbox);
  const ids = Array.from({ length: 30 }, () => sandbox.addOrder('zinc', { state: 'pending' }));
  // Slow answers, so that the kill lands while some orders are done and others are in flight or waiting.
  for (const id of ids) sandbox.inject('zinc', id, { type: 'delay', ms: 150 });
  const journal = join(scratchDirectory(), 'journal.jsonl');
  const args = ['zinc', ...ids, '--concurrency', '2', '--journal', journal, '--resume'];

  const first = startBinary(args, { env });
  await waitFor(() => journalLines(journal).length >= 6, 'six journal lines');
  first.child.kill('SIGKILL');
  await first.done;
  // What a kill in the middle of a write leaves behind.
  appendFileSync(journal, '{"provider":"zinc","orderId":"');
  const doneBeforeKill = new Set(journalLines(journal).map((line) => line.orderId));
  expect(doneBeforeKill.size).toBeLessThan(ids.length);
  const requestsBefore = sandbox.requests.length;

  const second = await runBinary(args, { env });
  expect(second.status).toBe(0);
  expect(second.stderr).toContain(`skipped    ${doneBeforeKill.size} already succeeded`);
  const resent = sandbox.requests.slice(requestsBefore).flatMap((request) => request.orderIds);
  expect(resent.filter((id) => doneBeforeKill.has(id))).toEqual([]);
  for (const id of ids) expect(sandbox.stateChanges('zinc', id)).toBe(1);
  const succeeded = new Set(
    journalLines(journal)
      .filter((line) => line.ok)
      .map((line) => line.orderId),
  );
  expect(succeeded.size).toBe(ids.length);
});
