/**
 * `pnpm bench`, canceller: what routing through `createCanceller` adds to a bulk run, next to the same client's
 * own `cancelOrders`, against a loopback server answering like Zinc (204, a request ID, no body).
 *
 *   node --expose-gc bench/run.ts --only=canceller [--quick]
 */
import { createCanceller } from '@cancel/core';
import { createZinc } from '@cancel/zinc';
import { median, orderId, startNoContentServer } from './support.ts';

export interface CancellerBenchOptions {
  readonly quick: boolean;
  readonly gc: () => void;
}

const apiKey = 'zn_test_bench_canceller_5f2b8c41d9e3';

/** Alternating rounds of the client's bulk form and the canceller's over the same IDs; medians in ms. */
export async function benchCanceller({ quick, gc }: CancellerBenchOptions) {
  const { server, baseUrl } = await startNoContentServer();
  const [orders, rounds] = quick ? [5_000, 3] : [20_000, 7];
  const ids = Array.from({ length: orders }, (_, index) => orderId(index + 1));
  const references = ids.map((id) => ({ provider: 'zinc', orderId: id }));
  const newClient = () => createZinc({ apiKey, baseUrl, rateLimits: false, concurrency: 16 });
  const sides = {
    client: () => newClient().cancelOrders(ids),
    canceller: () => createCanceller([newClient()]).cancelOrders(references),
  };
  const times: Record<keyof typeof sides, number[]> = { client: [], canceller: [] };
  try {
    await sides.client();
    for (let round = 0; round < rounds; round++) {
      for (const side of Object.keys(sides) as (keyof typeof sides)[]) {
        gc();
        const started = performance.now();
        const report = await sides[side]();
        if (report.counts.succeeded !== orders) throw new Error(`${side}: ${report.counts.failed} failed`);
        times[side].push(performance.now() - started);
      }
    }
  } finally {
    server.close();
  }
  const [client, canceller] = [median(times.client), median(times.canceller)];
  const lines = [
    `${orders.toLocaleString('en')} orders at concurrency 16, pacing off, against a loopback server answering 204;`,
    `medians of ${rounds} alternating rounds after a warm-up (\`node --expose-gc bench/run.ts --only=canceller\`).`,
    '',
    '| form | elapsed | orders/s | vs the client |',
    '|---|---|---|---|',
    `| \`zinc.cancelOrders(ids)\` | ${client.toFixed(0)} ms | ${Math.round((orders / client) * 1000).toLocaleString('en')} | 1.00x |`,
    `| \`createCanceller([zinc]).cancelOrders(refs)\` | ${canceller.toFixed(0)} ms | ${Math.round((orders / canceller) * 1000).toLocaleString('en')} | ${(canceller / client).toFixed(2)}x |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return { title: 'Canceller (runs across providers)', lines };
}
