/**
 * One call's latency in two built checkouts of this repository, side by side with a raw fetch, in one process:
 * for telling whether a change to core costs a call anything, which two runs of `pnpm bench` a few minutes
 * apart on shared cores cannot. Each checkout needs `pnpm build` (its `packages/zinc/dist` is imported).
 *
 *   git worktree add /tmp/before <commit> && (cd /tmp/before && pnpm install --offline && pnpm build)
 *   node --expose-gc bench/compare-checkouts.ts /tmp/before ../..            steady state, as `pnpm bench`
 *   node --expose-gc bench/compare-checkouts.ts --collect /tmp/before ../..  a forced full GC before each round
 *
 * Rounds of 250 sequential calls against a loopback server answering 204, the sides in turn (the order reversed
 * every round); the figure is the median over rounds of each round's median latency, and the process's CPU time
 * per call (background JIT and GC threads included).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, orderId, startNoContentServer } from './support.ts';

const args = process.argv.slice(2);
const collect = args.includes('--collect');
const roots = args.filter((arg) => !arg.startsWith('--')).map((root) => resolve(root));
if (roots.length === 0) {
  console.error('usage: node --expose-gc bench/compare-checkouts.ts [--collect] CHECKOUT [CHECKOUT ...]');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (collect && !gc) throw new Error('--collect needs node --expose-gc');

const callsPerRound = 250;
const rounds = 30;
const key = 'zn_test_bench_5f2b8c41d9e3';
const { server, baseUrl } = await startNoContentServer();
const rawInit = {
  method: 'POST',
  headers: { accept: 'application/json', authorization: `Bearer ${key}` },
  redirect: 'manual' as const,
};
type Side = { name: string; call: (id: string) => Promise<unknown> };
const sides: Side[] = [
  { name: 'raw fetch', call: async (id) => (await fetch(`${baseUrl}/orders/${id}/cancel`, rawInit)).text() },
];
for (const root of roots) {
  const entry = pathToFileURL(resolve(root, 'packages/zinc/dist/index.js')).href;
  const { createZinc } = (await import(entry)) as typeof import('@cancel/zinc');
  const zinc = createZinc({ baseUrl, apiKey: key });
  sides.push({
    name: root,
    call: async (id) => {
      const result = await zinc.cancelOrder(id);
      if (!result.ok) throw result.error;
    },
  });
}

async function round({ call }: Side): Promise<{ latency: number; cpu: number }> {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let n = 0; n < callsPerRound; n++) {
    const start = performance.now();
    await call(orderId(n));
    latencies.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { latency: median(latencies) * 1000, cpu: (cpu.user + cpu.system) / callsPerRound };
}

for (const side of sides) await round(side);
const figures = sides.map(() => ({ latency: [] as number[], cpu: [] as number[] }));
for (let number = 0; number < rounds; number++) {
  const order = [...sides.keys()];
  if (number % 2) order.reverse();
  for (const index of order) {
    if (collect) gc!();
    const { latency, cpu } = await round(sides[index]!);
    figures[index]!.latency.push(latency);
    figures[index]!.cpu.push(cpu);
  }
}
server.close();
const raw = median(figures[0]!.latency);
console.log(
  `${rounds} rounds of ${callsPerRound} sequential calls${collect ? ', a forced full GC before each' : ''}`,
);
for (const [index, side] of sides.entries()) {
  const latency = median(figures[index]!.latency);
  const ratio = index === 0 ? '' : ` (${(latency / raw).toFixed(2)}× raw)`;
  const cpu = median(figures[index]!.cpu).toFixed(0);
  console.log(`  ${side.name}: ${latency.toFixed(0)} µs per call${ratio}, ${cpu} µs CPU per call`);
}
