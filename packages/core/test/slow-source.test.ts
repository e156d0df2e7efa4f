import { describe, expect, it } from 'vitest';
import { type BulkEntry, BulkRunError } from '../src/index.js';
import { createClient } from '../src/provider-entry.js';
import { recordingFetch } from '../src/testing.js';
import { batchingProvider, createExample } from './helpers.js';

const cancelled = () => ({ status: 200, body: { cancelled: true } });

/** An async source that yields `first`, then waits until `release()` (or forever) before yielding `rest`. */
function pausingSource(first: readonly string[], rest: readonly string[] = []) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const pulled: string[] = [];
  let closed = false;
  async function* source() {
    try {
      for (const id of first) {
        pulled.push(id);
        yield id;
      }
      await released;
      for (const id of rest) {
        pulled.push(id);
        yield id;
      }
    } finally {
      closed = true;
    }
  }
  return { source: source(), release, pulled, isClosed: () => closed };
}

/** Resolves with what the promise gave, or 'still waiting' if it has not settled after `ms`. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<'still waiting'>((resolve) => setTimeout(resolve, ms, 'still waiting')),
  ]);

describe('a source that pauses', () => {
  it('streamCancelOrders yields an answered order at once, not when the source gives its next ID', async () => {
    const { fetch } = recordingFetch(cancelled);
    const input = pausingSource(['A1'], ['A2']);
    const stream = createExample({ fetch }).streamCancelOrders(input.source);
    const first = await within(stream.next(), 1_000);
    expect(first).toMatchObject({ value: { orderId: 'A1', result: { ok: true } } });
    input.release();
    const rest: BulkEntry[] = [];
    for await (const entry of stream) rest.push(entry);
    expect(rest.map((entry) => entry.orderId)).toEqual(['A2']);
  });

  it('cancelOrders calls onResult at once for an answered order while the source is paused', async () => {
    const { fetch } = recordingFetch(cancelled);
    const input = pausingSource(['A1', 'A2'], ['A3']);
    const seen: string[] = [];
    let sawBoth!: () => void;
    const both = new Promise<void>((resolve) => {
      sawBoth = resolve;
    });
    const run = createExample({ fetch }).cancelOrders(input.source, {
      onResult: (entry) => {
        seen.push(entry.orderId);
        if (seen.length === 2) sawBoth();
      },
    });
    expect(await within(both, 1_000)).not.toBe('still waiting');
    expect(seen.sort()).toEqual(['A1', 'A2']);
    input.release();
    expect((await run).counts.succeeded).toBe(3);
  });

  it('an abort while the source is stalled ends the run at once: entries for what was pulled, the rest not pulled', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const input = pausingSource(['A1', 'A2'], ['A3']);
    const controller = new AbortController();
    const run = createExample({ fetch }).cancelOrders(input.source, {
      signal: controller.signal,
      onResult: (entry) => {
        if (entry.index === 1) controller.abort();
      },
    });
    const report = await within(run, 1_000);
    expect(report).not.toBe('still waiting');
    if (report === 'still waiting') return;
    expect(report.results.map((entry) => entry.orderId)).toEqual(['A1', 'A2']);
    expect(report.counts.succeeded).toBe(2);
    expect(requests).toHaveLength(2);
    input.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The pull under way at the abort still runs inside the source; its ID is dropped, never sent.
    expect(requests).toHaveLength(2);
    expect(input.pulled).toEqual(['A1', 'A2', 'A3']);
    expect(input.isClosed()).toBe(true);
  });

  it('an abort during a slow request answers it aborted at once, even with the source stalled', async () => {
    // Hangs until its signal aborts, as a slow provider would.
    const fetch = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as unknown as typeof globalThis.fetch;
    const input = pausingSource(['A1']);
    const controller = new AbortController();
    const run = createExample({ fetch, retries: 0 }).cancelOrders(input.source, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    const report = await within(run, 1_000);
    expect(report).not.toBe('still waiting');
    if (report === 'still waiting') return;
    expect(report.counts).toMatchObject({ total: 1, errors: { aborted: 1 } });
  });
});

describe('onResult that throws', () => {
  it('stops taking IDs, keeps every result, and rejects with a BulkRunError holding them', async () => {
    const { fetch, requests } = recordingFetch(cancelled);
    const failure = new Error('journal disk full');
    let calls = 0;
    const run = createExample({ fetch }).cancelOrders(['A1', 'A2', 'A3', 'A4', 'A5'], {
      concurrency: 1,
      onResult: () => {
        calls++;
        throw failure;
      },
    });
    const error = await run.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BulkRunError);
    if (!(error instanceof BulkRunError)) return;
    expect(error.cause).toBe(failure);
    expect(error.message).toContain('onResult threw (journal disk full)');
    expect(calls).toBe(1);
    expect(requests).toHaveLength(1);
    expect(error.report.results.map((entry) => entry.orderId)).toEqual(['A1']);
    expect(error.report.counts).toMatchObject({ total: 1, succeeded: 1 });
    expect(error.message).toContain('no other was sent');
  });

  it('keeps the orders that were in flight when it threw', async () => {
    const { fetch, requests } = recordingFetch(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, request.url.includes('A1') ? 1 : 20));
      return cancelled();
    });
    const error = await createExample({ fetch })
      .cancelOrders(['A1', 'A2', 'A3'], {
        concurrency: 2,
        onResult: () => {
          throw new Error('no');
        },
      })
      .catch((caught: BulkRunError) => caught);
    expect(requests).toHaveLength(2);
    expect((error as BulkRunError).report.counts).toMatchObject({ total: 2, succeeded: 2 });
  });

  it('with an async source: nothing more is pulled', async () => {
    const { fetch } = recordingFetch(cancelled);
    let pulled = 0;
    async function* source() {
      for (let index = 0; index < 100; index++) {
        pulled++;
        yield `A${index}`;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    const error = await createExample({ fetch })
      .cancelOrders(source(), {
        concurrency: 1,
        onResult: () => {
          throw new Error('no');
        },
      })
      .catch((caught: BulkRunError) => caught);
    expect(error).toBeInstanceOf(BulkRunError);
    expect(pulled).toBeLessThanOrEqual(2);
    expect((error as BulkRunError).report.counts.total).toBe(pulled);
  });

  it('streamCancelOrders yields every entry it took, then throws what onResult threw', async () => {
    const { fetch } = recordingFetch(cancelled);
    const failure = new Error('no');
    const seen: BulkEntry[] = [];
    const run = async () => {
      for await (const entry of createExample({ fetch }).streamCancelOrders(['A1', 'A2', 'A3'], {
        concurrency: 1,
        onResult: () => {
          throw failure;
        },
      }))
        seen.push(entry);
    };
    await expect(run()).rejects.toBe(failure);
    expect(seen.map((entry) => entry.orderId)).toEqual(['A1']);
  });
});

describe('a source that throws', () => {
  async function* breaking() {
    yield 'A1';
    yield 'A2';
    throw new Error('cursor lost');
  }

  it('cancelOrders rejects with a BulkRunError whose report keeps what the source gave', async () => {
    const { fetch } = recordingFetch(cancelled);
    const error = await createExample({ fetch })
      .cancelOrders(breaking())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BulkRunError);
    if (!(error instanceof BulkRunError)) return;
    expect(error.message).toContain('the order-ID source threw (cursor lost)');
    expect((error.cause as Error).message).toBe('cursor lost');
    expect(error.report.counts).toMatchObject({ total: 2, succeeded: 2 });
  });

  it('streamCancelOrders yields what the source gave, then throws its error', async () => {
    const { fetch } = recordingFetch(cancelled);
    const seen: string[] = [];
    const run = async () => {
      for await (const entry of createExample({ fetch }).streamCancelOrders(breaking()))
        seen.push(entry.orderId);
    };
    await expect(run()).rejects.toThrow('cursor lost');
    expect(seen.sort()).toEqual(['A1', 'A2']);
  });
});

describe('a source that is not a list of IDs', () => {
  it.each([
    ['a string', 'A1,A2', 'not "A1,A2"'],
    ['a number', 42, 'not number'],
    ['null', null, 'not null'],
    ['a plain object', { ids: ['A1'] }, 'not object'],
  ])('%s → one invalid_input entry, nothing sent', async (_label, source, words) => {
    const { fetch, requests } = recordingFetch(cancelled);
    const client = createExample({ fetch });
    const report = await client.cancelOrders(source as never);
    expect(report.counts).toMatchObject({ total: 1, errors: { invalid_input: 1 } });
    const only = report.results[0]!.result;
    expect(!only.ok && only.error.message).toContain(words);
    expect(!only.ok && only.error.message).toContain('cancelOrder');
    const streamed: BulkEntry[] = [];
    for await (const entry of client.streamCancelOrders(source as never)) streamed.push(entry);
    expect(streamed).toHaveLength(1);
    expect(requests).toHaveLength(0);
  });
});

describe('native batches with a source that pauses', () => {
  const batcher = batchingProvider(10);

  it('a batch half full goes out when the source pauses, and its answer is streamed at once', async () => {
    const { fetch, requests } = recordingFetch(() => ({ status: 200, body: {} }));
    const input = pausingSource(['B1', 'B2', 'B3'], ['B4']);
    const stream = createClient(batcher, { token: 't', fetch }).streamCancelOrders(input.source);
    const first = await within(stream.next(), 1_000);
    expect(first).toMatchObject({ value: { orderId: 'B1', result: { ok: true } } });
    expect(requests.map((request) => (request.json as { ids: string[] }).ids)).toEqual([['B1', 'B2', 'B3']]);
    input.release();
    const rest: string[] = [];
    for await (const entry of stream) rest.push(entry.orderId);
    expect(rest).toEqual(['B2', 'B3', 'B4']);
  });

  it('a source that gives its IDs without pausing still fills whole batches', async () => {
    const { fetch, requests } = recordingFetch(() => ({ status: 200, body: {} }));
    async function* quick() {
      for (let index = 0; index < 25; index++) yield `B${index}`;
    }
    await createClient(batcher, { token: 't', fetch }).cancelOrders(quick());
    expect(requests.map((request) => (request.json as { ids: string[] }).ids.length)).toEqual([10, 10, 5]);
  });

  it('an abort while the source is stalled ends a batch run too, with the batch it sent', async () => {
    const { fetch, requests } = recordingFetch(() => ({ status: 200, body: {} }));
    const input = pausingSource(['B1', 'B2']);
    const controller = new AbortController();
    const run = createClient(batcher, { token: 't', fetch }).cancelOrders(input.source, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    const report = await within(run, 1_000);
    expect(report).not.toBe('still waiting');
    if (report === 'still waiting') return;
    expect(report.counts).toMatchObject({ total: 2, outcomes: { requested: 2 } });
    expect(requests).toHaveLength(1);
  });
});
