/**
 * `pnpm bench`, queue mode: `@cancel/bullmq` on a real redis-server with worker processes against the sandbox.
 * Overhead against a bare BullMQ worker doing one raw fetch per job; one limit shared by 4 workers; 4 workers
 * against 1 when the provider takes 50 ms to answer; Redis memory of a finished run of 100,000 orders.
 *
 *   node --expose-gc bench/run.ts --only=queue [--quick]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCancelQueue } from '@cancel/bullmq';
import { startRedisServer } from '@cancel/bullmq/testing';
import { type ProviderId, providerIds, type Sandbox, startSandbox } from '@cancel/sandbox';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export interface QueueBenchOptions {
  readonly quick: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));
// The worker process the package's end-to-end tests run: clients for the sandbox, closing on SIGTERM.
const workerScript = join(here, '..', '..', '..', 'packages', 'bullmq', 'test', 'fixtures', 'worker.ts');
const bareScript = join(here, 'fixtures', 'bare-bullmq-worker.ts');

interface Child {
  readonly child: ChildProcess;
  /** Resolves at the next line of output that is exactly `line`. */
  readonly next: (line: string) => Promise<void>;
}

// Every worker process started, so that a failed benchmark leaves none running behind it.
const running = new Set<ChildProcess>();

function startChild(script: string, environment: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const waiting: { line: string; resolve: () => void }[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const index = waiting.findIndex((wait) => line.startsWith(wait.line));
      if (index >= 0) waiting.splice(index, 1)[0]!.resolve();
    }
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const next = (line: string) => new Promise<void>((resolve) => waiting.push({ line, resolve }));
  return next('ready').then(() => ({ child, next }));
}

async function stopChildren(children: readonly Child[]): Promise<void> {
  await Promise.all(
    children.map(({ child }) => {
      if (child.exitCode !== null) return undefined;
      child.kill('SIGTERM');
      return once(child, 'exit');
    }),
  );
}

interface Context {
  readonly redisUrl: string;
  readonly quick: boolean;
  readonly rows: string[];
  readonly notes: string[];
}

function workerEnvironment(
  context: Context,
  sandbox: Sandbox,
  prefix: string,
  extra: Record<string, string>,
) {
  return {
    REDIS_URL: context.redisUrl,
    PREFIX: prefix,
    SANDBOX: JSON.stringify({ baseUrls: sandbox.baseUrls, credentials: sandbox.credentials }),
    WORKER_PROVIDERS: providerIds.join(','),
    ...extra,
  };
}

function pending(sandbox: Sandbox, count: number, providers: readonly ProviderId[]) {
  return Array.from({ length: count }, (_, position) => {
    const provider = providers[position % providers.length]!;
    return { provider, orderId: sandbox.addOrder(provider, { state: 'pending' }) };
  });
}

/** Enqueues the orders and follows the run to its end, as `cancel-order --queue` does; returns the ms taken. */
async function timeRun(
  context: Context,
  prefix: string,
  refs: readonly { provider: string; orderId: string }[],
) {
  const queue = createCancelQueue({ connection: context.redisUrl, prefix });
  const started = performance.now();
  const { runId } = await queue.enqueue(refs);
  let finished = 0;
  for await (const _ of queue.results(runId)) finished++;
  const elapsed = performance.now() - started;
  await queue.close();
  if (finished !== refs.length) throw new Error(`queue bench: ${finished} results for ${refs.length} orders`);
  return { elapsed, runId };
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const row = (
  measure: string,
  sdk: string,
  baseline: string,
  ratio: string,
  goal: string,
  met: boolean | undefined,
) =>
  `| ${measure} | ${sdk} | ${baseline} | ${ratio} | ${goal} | ${met === undefined ? '' : met ? '✅ met' : '❌ missed'} |`;

/** One worker through @cancel/bullmq against a bare BullMQ worker doing a raw fetch per job, alternating. */
async function benchOverhead(context: Context): Promise<void> {
  const orders = context.quick ? 1000 : 3000;
  const rounds = context.quick ? 1 : 5;
  const sandbox = await startSandbox({ rateLimits: false, seed: false });
  const environment = { WORKER_PROVIDERS: 'zinc', CONCURRENCY: '16' };
  const ours = await startChild(workerScript, workerEnvironment(context, sandbox, 'bench-ours', environment));
  const bare = await startChild(bareScript, {
    REDIS_URL: context.redisUrl,
    PREFIX: 'bench-bare',
    BASE_URL: sandbox.baseUrls.zinc,
    API_KEY: sandbox.credentials.zinc.apiKey,
    COUNT: String(orders),
    CONCURRENCY: '16',
  });
  const bareConnection = new Redis(context.redisUrl);
  const bareQueue = new Queue('bare', { connection: bareConnection as never, prefix: 'bench-bare' });
  const cpu = { ours: [] as CpuSplit[], bare: [] as CpuSplit[] };
  const runOurs = () =>
    withCpu(context.redisUrl, ours.child.pid!, orders, cpu.ours, async () => {
      return (await timeRun(context, 'bench-ours', pending(sandbox, orders, ['zinc']))).elapsed;
    });
  const runBare = () => withCpu(context.redisUrl, bare.child.pid!, orders, cpu.bare, bareRound);
  const bareRound = async () => {
    const ids = pending(sandbox, orders, ['zinc']).map((ref) => ref.orderId);
    const started = performance.now();
    const done = bare.next('done');
    const options = { removeOnComplete: true, removeOnFail: true };
    for (let start = 0; start < ids.length; start += 500) {
      await bareQueue.addBulk(
        ids.slice(start, start + 500).map((orderId) => ({ name: 'c', data: { orderId }, opts: options })),
      );
    }
    await done;
    return performance.now() - started;
  };
  await runOurs();
  await runBare();
  cpu.ours.length = 0;
  cpu.bare.length = 0;
  const times = { ours: [] as number[], bare: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    times.ours.push(await runOurs());
    times.bare.push(await runBare());
  }
  await bareQueue.close();
  bareConnection.disconnect();
  await stopChildren([ours, bare]);
  await sandbox.close();
  const perOrder = (ms: number) => `${Math.round((ms / orders) * 1000)} µs`;
  const ratio = median(times.ours) / median(times.bare);
  context.rows.push(
    row(
      'queue overhead, per order (1 worker)',
      perOrder(median(times.ours)),
      perOrder(median(times.bare)),
      `${ratio.toFixed(2)}×`,
      '≤ 1.30×',
      ratio <= 1.3,
    ),
  );
  const split = (splits: CpuSplit[]) =>
    (['worker', 'redis', 'follower'] as const)
      .map((part) => `${part} ${median(splits.map((one) => one[part]))}`)
      .join(', ');
  context.notes.push(
    `Overhead, CPU per order (median of the timed rounds, µs): @cancel/bullmq ${split(cpu.ours)}; bare BullMQ ${split(cpu.bare)}. "follower" is the benchmark's own process: enqueuing, following the results (the bare side only adds jobs), and the sandbox, the same on both sides.`,
  );
}

/** Four workers, Snappy's declared 100 a second, the sandbox enforcing it: the limit holds across processes. */
async function benchPacing(context: Context): Promise<void> {
  const orders = context.quick ? 500 : 2000;
  const sandbox = await startSandbox({
    rateLimits: { snappy: { limit: 100, intervalMs: 1000 } },
    seed: false,
  });
  const environment = workerEnvironment(context, sandbox, 'bench-pacing', {
    WORKER_PROVIDERS: 'snappy',
    DECLARED_LIMITS: '1',
    CONCURRENCY: '16',
  });
  const workers = await Promise.all([1, 2, 3, 4].map(() => startChild(workerScript, environment)));
  const { elapsed } = await timeRun(context, 'bench-pacing', pending(sandbox, orders, ['snappy']));
  const refused = sandbox.requests.filter((request) => request.status === 429).length;
  const share = refused / sandbox.requests.length;
  await stopChildren(workers);
  await sandbox.close();
  const allowed = (orders / 100) * 1000;
  const ratio = elapsed / allowed;
  context.rows.push(
    row(
      `shared pacing, 4 workers, ${orders.toLocaleString('en')} orders at 100/s`,
      `${(elapsed / 1000).toFixed(2)} s`,
      `${allowed / 1000} s`,
      `${ratio.toFixed(2)}×`,
      '≤ 1.15×',
      ratio <= 1.15,
    ),
    row(
      'shared pacing, answered 429',
      `${refused} of ${sandbox.requests.length} (${(share * 100).toFixed(2)}%)`,
      '',
      '',
      '≤ 1%',
      share <= 0.01,
    ),
  );
}

/** The sandbox answers after 50 ms: 4 workers against 1, each with 8 jobs in flight. */
async function benchScaling(context: Context): Promise<void> {
  const perWorker = context.quick ? 200 : 480;
  const throughput: number[] = [];
  for (const count of [1, 4]) {
    const sandbox = await startSandbox({ rateLimits: false, seed: false });
    const prefix = `bench-scaling-${count}`;
    const environment = workerEnvironment(context, sandbox, prefix, {
      WORKER_PROVIDERS: 'zinc',
      CONCURRENCY: '8',
    });
    const workers = await Promise.all(
      Array.from({ length: count }, () => startChild(workerScript, environment)),
    );
    const refs = pending(sandbox, perWorker * count, ['zinc']);
    for (const { orderId } of refs) sandbox.inject('zinc', orderId, { type: 'delay', ms: 50 });
    const { elapsed } = await timeRun(context, prefix, refs);
    throughput.push(refs.length / (elapsed / 1000));
    await stopChildren(workers);
    await sandbox.close();
  }
  const ratio = throughput[1]! / throughput[0]!;
  context.rows.push(
    row(
      'scaling, 50 ms answers, 4 workers vs 1',
      `${Math.round(throughput[1]!)} orders/s`,
      `${Math.round(throughput[0]!)} orders/s`,
      `${ratio.toFixed(2)}×`,
      '≥ 3.2×',
      ratio >= 3.2,
    ),
  );
}

interface CpuSplit {
  readonly worker: number;
  readonly redis: number;
  readonly follower: number;
}

/** Runs one round and records the CPU that the worker process, Redis and this process each spent per order. */
async function withCpu(
  redisUrl: string,
  pid: number,
  orders: number,
  into: CpuSplit[],
  round: () => Promise<number>,
) {
  const redis = new Redis(redisUrl);
  const redisCpu = async () => {
    const info = await redis.info('cpu');
    return (
      (Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1])) *
      1e6
    );
  };
  // utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks of 10 ms.
  const processCpu = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  };
  const [worker, server, own] = [processCpu(), await redisCpu(), process.cpuUsage()];
  const elapsed = await round();
  const spent = process.cpuUsage(own);
  into.push({
    worker: Math.round((processCpu() - worker) / orders),
    redis: Math.round(((await redisCpu()) - server) / orders),
    follower: Math.round((spent.user + spent.system) / orders),
  });
  redis.disconnect();
  return elapsed;
}

const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

/** A finished run of 100,000 orders across the five providers: what Redis keeps of it, and after remove(). */
async function benchMemory(context: Context): Promise<void> {
  const orders = context.quick ? 10_000 : 100_000;
  const sandbox = await startSandbox({ rateLimits: false, seed: false });
  const environment = workerEnvironment(context, sandbox, 'bench-memory', { CONCURRENCY: '32' });
  const workers = await Promise.all([1, 2].map(() => startChild(workerScript, environment)));
  const redis = new Redis(context.redisUrl);
  const before = await usedMemory(redis);
  const { elapsed, runId } = await timeRun(context, 'bench-memory', pending(sandbox, orders, providerIds));
  await stopChildren(workers);
  const after = await usedMemory(redis);
  const queue = createCancelQueue({ connection: context.redisUrl, prefix: 'bench-memory' });
  await queue.remove(runId);
  await queue.close();
  const removed = await usedMemory(redis);
  redis.disconnect();
  await sandbox.close();
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const scaled = ((after - before) * 100_000) / orders;
  context.rows.push(
    row(
      `Redis memory, finished run of ${orders.toLocaleString('en')} orders`,
      mb(after - before),
      '',
      '',
      '< 100 MB per 100,000',
      scaled < 100 * 1024 * 1024,
    ),
  );
  context.notes.push(
    `The ${orders.toLocaleString('en')}-order run (five providers, 2 workers of 32 orders in flight) took ${(elapsed / 1000).toFixed(1)} s, ${Math.round(orders / (elapsed / 1000))} orders/s; after \`remove(runId)\` Redis holds ${mb(removed - before)} more than before it (BullMQ's own event streams, capped at 10,000 events per queue).`,
  );
}

/** Runs every queue benchmark on a redis-server of its own; returns the section for docs/benchmarks.md. */
export async function benchQueue({ quick }: QueueBenchOptions): Promise<{ title: string; lines: string[] }> {
  const redis = await startRedisServer();
  const context: Context = { redisUrl: redis.url, quick, rows: [], notes: [] };
  try {
    for (const bench of [benchOverhead, benchPacing, benchScaling, benchMemory]) {
      const printed = context.rows.length;
      await bench(context);
      for (const line of context.rows.slice(printed)) console.log(`  ${line}`);
    }
  } finally {
    for (const child of running) child.kill('SIGKILL');
    await redis.stop();
  }
  return {
    title: 'Queue mode (@cancel/bullmq)',
    lines: [
      `Measured with \`pnpm bench\` (or \`node --expose-gc apps/tests/bench/run.ts --only=queue\`) on redis-server ${await redisVersion()}, started by the benchmark on loopback without persistence; worker processes are the ones the package's end-to-end tests run, against \`@cancel/sandbox\` in the benchmark's process.`,
      '',
      '| measure | @cancel/bullmq | baseline | ratio | goal | |',
      '|---|---:|---:|---:|---:|---|',
      ...context.rows,
      '',
      '- **Overhead**: one worker process, 16 orders in flight (jobs of 10 orders), Zinc orders with no delay, from `enqueue` to the last result followed by `results()`; the baseline is a bare BullMQ worker (same Redis, same concurrency) doing one raw `fetch` per job, from `addBulk` to its last completion. Medians of alternating rounds after a warm-up of each.',
      "- **Shared pacing**: the sandbox limits Snappy to 100 requests per fixed second; each worker's client declares the same (as `@cancel/snappy` documents), which becomes BullMQ's limiter for the queue. 429s are counted in the sandbox's request log.",
      '- **Scaling**: every answer delayed 50 ms by the sandbox; each worker has 8 orders in flight; throughput is orders over the time from `enqueue` to the last result.',
      '- **Memory**: `used_memory` from `INFO memory` before enqueuing and after the last result (jobs are removed once finished; the run keeps its bookkeeping: 1 hash field per order, 1 stream entry per result write).',
      ...context.notes.map((note) => `- ${note}`),
    ],
  };
}

async function redisVersion(): Promise<string> {
  const { stdout } = spawn('redis-server', ['--version']);
  const [chunk] = (await once(stdout!, 'data')) as [Buffer];
  return /v=([\d.]+)/.exec(String(chunk))?.[1] ?? 'unknown';
}
