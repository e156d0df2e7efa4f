import { BulkRunError } from '@cancel/core';
import { providerIds } from '@cancel/sandbox';
import { describe, expect, it } from 'vitest';
import { clientFor } from './support/clients.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();

/** An async source that yields `first`, then waits for `release()` (or forever): a queue with nothing in it. */
function stallingSource(first: readonly string[]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  async function* source() {
    yield* first;
    await released;
  }
  return { source: source(), release };
}

/** What the promise gave, or 'still waiting' when it has not settled within `ms`. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<'still waiting'>((resolve) => setTimeout(resolve, ms, 'still waiting')),
  ]);

describe.each(providerIds)('%s bulk runs that do not go to the end', (provider) => {
  it('a paused source does not hold back an answered order: it is streamed at once', async () => {
    const orderId = sandbox().addOrder(provider, { state: 'pending' });
    const input = stallingSource([orderId]);
    const stream = clientFor(sandbox(), provider).streamCancelOrders(input.source);
    const first = await within(stream.next(), 5_000);
    expect(first).toMatchObject({ done: false, value: { orderId, result: { ok: true } } });
    input.release();
    expect(await stream.next()).toMatchObject({ done: true });
  });

  it('an abort while the source is stalled ends the run at once with an entry for each ID taken', async () => {
    const ids = [
      sandbox().addOrder(provider, { state: 'pending' }),
      sandbox().addOrder(provider, { state: 'pending' }),
    ];
    const input = stallingSource(ids);
    const controller = new AbortController();
    let finished = 0;
    const run = clientFor(sandbox(), provider).cancelOrders(input.source, {
      signal: controller.signal,
      onResult: () => {
        if (++finished === ids.length) controller.abort();
      },
    });
    const report = await within(run, 5_000);
    expect(report).not.toBe('still waiting');
    if (report === 'still waiting') return;
    expect(report.results.map((entry) => entry.orderId)).toEqual(ids);
    expect(report.counts.succeeded).toBe(ids.length);
  });

  it('onResult that throws: nothing more is sent, and the rejection keeps every result', async () => {
    const ids = Array.from({ length: 6 }, () => sandbox().addOrder(provider, { state: 'pending' }));
    const failure = new Error('journal disk full');
    const error = await clientFor(sandbox(), provider, { batchSize: 1 })
      .cancelOrders(ids, {
        concurrency: 1,
        onResult: () => {
          throw failure;
        },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BulkRunError);
    if (!(error instanceof BulkRunError)) return;
    expect(error.cause).toBe(failure);
    expect(error.report.results.map((entry) => entry.orderId)).toEqual([ids[0]]);
    expect(error.report.counts.succeeded).toBe(1);
    expect(sandbox().requests).toHaveLength(1);
    for (const id of ids.slice(1)) expect(sandbox().stateChanges(provider, id)).toBe(0);
  });

  it('a source that throws: every ID it gave is cancelled and kept in the rejection', async () => {
    const ids = [
      sandbox().addOrder(provider, { state: 'pending' }),
      sandbox().addOrder(provider, { state: 'pending' }),
    ];
    async function* breaking() {
      yield* ids;
      throw new Error('cursor lost');
    }
    const error = await clientFor(sandbox(), provider)
      .cancelOrders(breaking())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BulkRunError);
    if (!(error instanceof BulkRunError)) return;
    expect(error.message).toContain('cursor lost');
    expect(error.report.counts).toMatchObject({ total: 2, succeeded: 2 });
    for (const id of ids) expect(sandbox().stateChanges(provider, id)).toBe(1);
  });
});
