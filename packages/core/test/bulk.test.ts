import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../src/index.js';
import { mapConcurrentBatches } from '../src/pool.js';
import { createClient } from '../src/provider-entry.js';
import { recordingFetch } from '../src/testing.js';
import { batchingProvider, createExample } from './helpers.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cancelOrders', () => {
  it('returns one entry per input ID, in input order, with counts, whatever the completion order', async () => {
    const { fetch } = recordingFetch(async (request) => {
      const id = request.url.split('/')[4]!;
      await delay(Number(id.slice(1)) % 7);
      if (id === 'n3') return { status: 404, body: {} };
      return { status: 200, body: { cancelled: true } };
    });
    const ids = Array.from({ length: 40 }, (_, index) => `n${index}`);
    const report = await createExample({ fetch }).cancelOrders([...ids, '..'], { concurrency: 5 });
    expect(report.results.map((entry) => entry.orderId)).toEqual([...ids, '..']);
    expect(report.results.map((entry) => entry.index)).toEqual([...ids.keys(), 40]);
    expect(report.counts).toEqual({
      total: 41,
      succeeded: 39,
      failed: 2,
      outcomes: { cancelled: 39, already_cancelled: 0, requested: 0 },
      errors: { not_found: 1, invalid_input: 1 },
    });
  });

  it('never has more requests in flight than the concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const { fetch } = recordingFetch(async () => {
      peak = Math.max(peak, ++inFlight);
      await delay(2);
      inFlight--;
      return { status: 200, body: { cancelled: true } };
    });
    await createExample({ fetch }).cancelOrders(
      Array.from({ length: 60 }, (_, index) => `id${index}`),
      { concurrency: 4 },
    );
    expect(peak).toBe(4);
  });

  it('accepts an async iterable and calls onResult for each entry as it finishes', async () => {
    const { fetch } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
    async function* source() {
      yield 'a1';
      yield 'a2';
    }
    const seen: string[] = [];
    const report = await createExample({ fetch }).cancelOrders(source(), {
      onResult: (entry) => seen.push(entry.orderId),
    });
    expect(report.counts.succeeded).toBe(2);
    expect(seen.sort()).toEqual(['a1', 'a2']);
  });

  it('gives every ID a result when the run is aborted, sending nothing more', async () => {
    const controller = new AbortController();
    const { fetch, requests } = recordingFetch(async () => {
      controller.abort();
      return { status: 200, body: { cancelled: true } };
    });
    const report = await createExample({ fetch }).cancelOrders(['a1', 'a2', 'a3', 'a4'], {
      concurrency: 1,
      signal: controller.signal,
    });
    expect(report.results).toHaveLength(4);
    expect(requests).toHaveLength(1);
    expect(report.counts.errors.aborted).toBe(3);
  });

  it('fails every ID with the same clear error when an option is invalid, sending nothing', async () => {
    const { fetch, requests } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
    const report = await createExample({ fetch }).cancelOrders(['a1', 'a2'], { concurrency: 0 });
    expect(requests).toHaveLength(0);
    expect(report.counts.errors.invalid_input).toBe(2);
  });
});

describe('streamCancelOrders', () => {
  it('pulls input only as workers free up, so memory is bounded by the concurrency', async () => {
    let pulled = 0;
    let yielded = 0;
    let maxAhead = 0;
    function* source() {
      for (let index = 0; index < 2_000; index++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - yielded);
        yield `id${index}`;
      }
    }
    const { fetch } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
    for await (const entry of createExample({ fetch }).streamCancelOrders(source(), { concurrency: 8 })) {
      expect(entry.result.ok).toBe(true);
      yielded++;
    }
    expect(yielded).toBe(2_000);
    expect(maxAhead).toBeLessThanOrEqual(9);
  });

  it('stops pulling input when the consumer stops early', async () => {
    let pulled = 0;
    function* source() {
      for (let index = 0; index < 1_000; index++) {
        pulled++;
        yield `id${index}`;
      }
    }
    const { fetch } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
    for await (const _entry of createExample({ fetch }).streamCancelOrders(source(), { concurrency: 2 }))
      break;
    expect(pulled).toBeLessThanOrEqual(3);
  });
});

describe('mapConcurrent', () => {
  it('takes results that finish in the same turn in one step, so a fast bulk run is not one step per order', async () => {
    const batches: number[][] = [];
    // Four timers due together: they fire in one turn, as responses read in one poll of the sockets do.
    const worker = async (group: { value: number }[]) => {
      await delay(5);
      return group[0]!.value * 10;
    };
    for await (const batch of mapConcurrentBatches([1, 2, 3, 4, 5], 4, worker)) batches.push(batch);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([10, 20, 30, 40, 50]);
    expect(batches[0]).toHaveLength(4);
  });

  it('drains running work before an input error surfaces', async () => {
    async function* source() {
      yield 1;
      yield 2;
      throw new Error('input broke');
    }
    const done: number[] = [];
    const run = async () => {
      for await (const value of mapConcurrent(source(), 4, async (item: number) => {
        await delay(5);
        return item;
      }))
        done.push(value);
    };
    await expect(run()).rejects.toThrow('input broke');
    expect(done.sort()).toEqual([1, 2]);
  });
});

describe('native batches', () => {
  const batchProvider = batchingProvider(3);

  it('sends batches of batchSize and narrows a refused batch down to the IDs that caused it', async () => {
    const { fetch, requests } = recordingFetch((request) => {
      const ids = (request.json as { ids: string[] }).ids;
      return ids.includes('bad') ? { status: 400, body: { message: 'bad id' } } : { status: 200, body: {} };
    });
    const client = createClient(batchProvider, { token: 't', fetch });
    const report = await client.cancelOrders(['a', 'b', 'bad', 'c', 'd', 'e', 'f'], { batchSize: 4 });
    expect(
      report.results.map((entry) => (entry.result.ok ? entry.result.value.outcome : entry.result.error.code)),
    ).toEqual(['requested', 'requested', 'rejected', 'requested', 'requested', 'requested', 'requested']);
    const sent = requests.map((request) => (request.json as { ids: string[] }).ids.join(','));
    expect(sent).toEqual(expect.arrayContaining(['a,b,bad,c', 'd,e,f', 'a,b', 'bad,c', 'bad', 'c']));
    expect(sent).toHaveLength(6);
  });

  it('refuses a batchSize above the provider’s maximum before sending anything', async () => {
    const { fetch, requests } = recordingFetch(() => ({ status: 200, body: {} }));
    const report = await createClient(batchProvider, { token: 't', fetch }).cancelOrders(['a'], {
      batchSize: 11,
    });
    expect(requests).toHaveLength(0);
    expect(!report.results[0]!.result.ok && report.results[0]!.result.error.message).toContain(
      '`batchSize` may be at most 10',
    );
  });

  it('does not split a batch refused for auth; every ID gets the error with its own orderId', async () => {
    const { fetch, requests } = recordingFetch(() => ({
      status: 403,
      body: { message: 'User is not authorized' },
    }));
    const report = await createClient(batchProvider, { token: 't', fetch }).cancelOrders(['a', 'b', 'c']);
    expect(requests).toHaveLength(1);
    expect(
      report.results.map(
        (entry) => !entry.result.ok && [entry.result.error.code, entry.result.error.orderId],
      ),
    ).toEqual([
      ['unauthorized', 'a'],
      ['unauthorized', 'b'],
      ['unauthorized', 'c'],
    ]);
  });
});
