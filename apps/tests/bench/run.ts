/**
 * `pnpm bench` (issue 7): what a call costs next to a bare fetch, how a bulk run paces itself under a
 * provider's rate limit, and what the packages weigh. Everything runs in this one process against loopback
 * servers it starts itself (the load generator and the server share the process, as on a 2-core CI box),
 * except cold imports and the RSS run, which need fresh processes. Prints a table of medians and ratios next
 * to each goal and writes it, with a description of the machine, to docs/benchmarks.md.
 *
 * A benchmark, not a test: a missed goal is reported, never an exit status.
 *
 *   node --expose-gc bench/run.ts                full run, writes docs/benchmarks.md (about 2.5 minutes)
 *   node --expose-gc bench/run.ts --quick        smaller counts, prints only (for trying a change quickly)
 *   node --expose-gc bench/run.ts --only=single,bulk,stream,rate,import,bundle,breakdown,telemetry
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { mapConcurrent } from '@cancel/core';
import { startSandbox } from '@cancel/sandbox';
import { createZinc } from '@cancel/zinc';
import { benchCanceller } from './canceller.ts';
import { benchQueue } from './queue.ts';
import { median, orderId } from './support.ts';
import { benchTelemetry } from './telemetry.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const run = promisify(execFile);
const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
const flagValue = (name: string) => flag(name)?.split('=')[1];
const quick = flag('quick') !== undefined;

// Repetition counts, scaled so that the full run stays under about 3 minutes on 2 cores.
const counts = quick
  ? {
      sequentialCalls: 100,
      parallelCalls: 500,
      callRounds: 2,
      bulkIds: 2_000,
      bulkRounds: 1,
      bulkConcurrencies: [8, 64],
      streamIds: 10_000,
      rateCancels: 400,
      importRuns: 6,
      breakdownCalls: 100,
      breakdownParallelCalls: 500,
      breakdownRounds: 2,
      breakdownBulkIds: 1_000,
    }
  : {
      sequentialCalls: 250,
      parallelCalls: 1_000,
      callRounds: 10,
      bulkIds: 20_000,
      bulkRounds: 5,
      bulkConcurrencies: [8, 64],
      streamIds: 100_000,
      rateCancels: 2_000,
      importRuns: 20,
      breakdownCalls: 200,
      breakdownParallelCalls: 400,
      breakdownRounds: 5,
      breakdownBulkIds: 1_500,
    };
const rateLimit = { limit: 200, intervalMs: 1000 };

// ---------------------------------------------------------------------------------------------------------
// Helpers

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * One warm-up round of each, then the sides in turn, each round in the opposite order to the last so that neither
 * always goes first; each round's figure is kept, so the caller takes medians. `collect` forces a full collection
 * before each side, so that one side's garbage is not collected in the other's time: needed where a figure is a
 * wall time. Not for a median latency, which ignores the odd pause: V8 drops optimized code whose embedded objects
 * died at each forced collection (Node's streams and undici's most of all), so every call after one runs in slower
 * tiers, a raw fetch on loopback at 2–3 times its usual latency, which is not what a running service sees.
 */
async function alternate(
  rounds: number,
  sides: readonly (() => Promise<number>)[],
  {
    warmUp = sides,
    collect = true,
  }: { warmUp?: readonly (() => Promise<unknown>)[]; collect?: boolean } = {},
): Promise<number[][]> {
  for (const side of warmUp) await side();
  const figures: number[][] = sides.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const order = [...sides.keys()];
    if (round % 2) order.reverse();
    for (const index of order) {
      if (collect) gc();
      figures[index]!.push(await sides[index]!());
    }
  }
  return figures;
}

const zincKey = 'zn_test_bench_5f2b8c41d9e3';
/** A valid Zinc order ID (a UUID) for each number, so that inputs can be generated instead of stored. */
function* orderIds(count: number, offset = 0): Generator<string> {
  for (let n = 0; n < count; n++) yield orderId(offset + n);
}

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * The leanest loopback server that answers like Zinc: `204` with an `x-request-id`, no body. A lean server is
 * the strictest place to compare a client with a bare fetch, since any server work dilutes the ratio.
 */
async function startZincLikeServer(): Promise<{
  server: Server;
  baseUrl: string;
  capture: () => Promise<SeenRequest>;
}> {
  let waiting: ((request: SeenRequest) => void) | undefined;
  let served = 0;
  const server = createServer((request, response) => {
    const capture = waiting;
    waiting = undefined;
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      capture?.({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      response.writeHead(204, { 'x-request-id': `req_${(++served).toString(36)}` });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    baseUrl,
    capture: () =>
      new Promise<SeenRequest>((resolve) => {
        waiting = resolve;
      }),
  };
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

// ---------------------------------------------------------------------------------------------------------
// Results

type Verdict = 'met' | 'missed' | 'info';
interface Row {
  measure: string;
  sdk: string;
  baseline: string;
  ratio: string;
  goal: string;
  verdict: Verdict;
}
const rows: Row[] = [];
const notes: string[] = [];
const details: string[] = [];
const missed = new Set<string>();
const sectionTimes: string[] = [];
const loadAverages = [loadavg()[0]!.toFixed(2)];
/** The step-by-step tables that explain a missed goal. */
const breakdownSections: { title: string; lines: string[] }[] = [];

function addRow(row: Row, section?: string): void {
  rows.push(row);
  if (row.verdict === 'missed' && section) missed.add(section);
  const mark = row.verdict === 'info' ? '' : row.verdict.toUpperCase();
  console.log(
    `  ${row.measure}: ${row.sdk}${row.baseline ? ` vs ${row.baseline}` : ''}${row.ratio ? ` (${row.ratio})` : ''}${row.goal ? `  goal ${row.goal}` : ''}  ${mark}`,
  );
}

const us = (ms: number) => `${Math.round(ms * 1000)} µs`;
const times = (ratio: number) => `${ratio.toFixed(2)}×`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const judge = (ok: boolean): Verdict => (ok ? 'met' : 'missed');

// ---------------------------------------------------------------------------------------------------------
// 1. One call vs a raw fetch of the same request, sequential and 64 in flight

const rawInit = {
  method: 'POST',
  headers: { accept: 'application/json', authorization: `Bearer ${zincKey}` },
};

async function rawCancel(baseUrl: string, id: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/orders/${id}/cancel`, rawInit);
  await response.text();
  return response.ok;
}

/** Checks that both sides put the same request on the wire; the ratio means nothing otherwise. */
async function compareRequests(
  server: Awaited<ReturnType<typeof startZincLikeServer>>,
  sdk: ReturnType<typeof createZinc>,
): Promise<void> {
  const id = orderId(1);
  const comparable = (seen: SeenRequest) => {
    const { host: _host, ...headers } = seen.headers;
    return JSON.stringify({ method: seen.method, url: seen.url, headers, body: seen.body });
  };
  const sdkSeen = server.capture();
  await sdk.cancelOrder(id);
  const rawSeen = server.capture();
  await rawCancel(server.baseUrl, id);
  const [a, b] = [comparable(await sdkSeen), comparable(await rawSeen)];
  const line =
    a === b
      ? `Same request on both sides (checked on the wire): ${a}`
      : `WARNING: the raw fetch does not send what the SDK sends.\n  SDK: ${a}\n  raw: ${b}`;
  console.log(`  ${line}`);
  notes.push(line.replace(/\n {2}/g, '\n    '));
}

async function benchSingleCall(): Promise<void> {
  console.log('\nOne call vs a raw fetch (loopback server answering like Zinc)');
  const server = await startZincLikeServer();
  // Default settings apart from baseUrl and the key: retries on, timeouts, pacing, hooks, all as users get them.
  const zinc = createZinc({ baseUrl: server.baseUrl, apiKey: zincKey });
  await compareRequests(server, zinc);
  let failures = 0;
  const sdkCall = async (id: string) => {
    if (!(await zinc.cancelOrder(id)).ok) failures++;
  };
  const rawCall = async (id: string) => {
    if (!(await rawCancel(server.baseUrl, id))) failures++;
  };

  const sequential = (call: (id: string) => Promise<void>) => async () => {
    const samples: number[] = [];
    for (let n = 0; n < counts.sequentialCalls; n++) {
      const start = performance.now();
      await call(orderId(n));
      samples.push(performance.now() - start);
    }
    return median(samples);
  };
  const [sdkSeq, rawSeq] = await alternate(counts.callRounds, [sequential(sdkCall), sequential(rawCall)], {
    collect: false,
  });
  const seqRatio = median(sdkSeq!) / median(rawSeq!);
  addRow(
    {
      measure: 'One call, sequential (median latency)',
      sdk: us(median(sdkSeq!)),
      baseline: `raw fetch ${us(median(rawSeq!))}`,
      ratio: times(seqRatio),
      goal: '≤ 1.30×',
      verdict: judge(seqRatio <= 1.3),
    },
    'single',
  );

  const inFlight = 64;
  const parallel = (call: (id: string) => Promise<void>) => async () => {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < counts.parallelCalls) await call(orderId(next++));
      }),
    );
    return (performance.now() - start) / counts.parallelCalls;
  };
  // Wall time counts every pause, so each side starts from a collected heap; a median latency ignores them.
  const [sdkPar, rawPar] = await alternate(counts.callRounds, [parallel(sdkCall), parallel(rawCall)]);
  const parRatio = median(sdkPar!) / median(rawPar!);
  addRow(
    {
      measure: 'One call, 64 in flight (wall time per call)',
      sdk: us(median(sdkPar!)),
      baseline: `raw fetch ${us(median(rawPar!))}`,
      ratio: times(parRatio),
      goal: '≤ 1.30×',
      verdict: judge(parRatio <= 1.3),
    },
    'single',
  );
  if (failures) notes.push(`WARNING: ${failures} single calls did not succeed; the timings are suspect.`);
  await closeServer(server.server);
}

// ---------------------------------------------------------------------------------------------------------
// 2. cancelOrders over 20,000 IDs vs a raw fetch pool at the same concurrency

/** The plainest pool a user would write: `concurrency` workers pulling IDs from one iterator. */
async function rawPool(baseUrl: string, ids: Iterable<string>, concurrency: number): Promise<number> {
  const iterator = ids[Symbol.iterator]();
  let succeeded = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let item = iterator.next(); !item.done; item = iterator.next()) {
        if (await rawCancel(baseUrl, item.value)) succeeded++;
      }
    }),
  );
  return succeeded;
}

async function benchBulk(): Promise<void> {
  console.log(`\ncancelOrders over ${counts.bulkIds.toLocaleString('en')} IDs vs a raw fetch pool`);
  const server = await startZincLikeServer();
  const zinc = createZinc({ baseUrl: server.baseUrl, apiKey: zincKey });
  const ids = [...orderIds(counts.bulkIds)];
  const warmIds = ids.slice(0, Math.min(2_000, ids.length));
  let failures = 0;
  for (const concurrency of counts.bulkConcurrencies) {
    const sdk = (input: string[]) => async () => {
      const start = performance.now();
      const report = await zinc.cancelOrders(input, { concurrency });
      failures += input.length - report.counts.succeeded;
      return performance.now() - start;
    };
    const raw = (input: string[]) => async () => {
      const start = performance.now();
      failures += input.length - (await rawPool(server.baseUrl, input, concurrency));
      return performance.now() - start;
    };
    const [sdkTimes, rawTimes] = await alternate(counts.bulkRounds, [sdk(ids), raw(ids)], {
      warmUp: [sdk(warmIds), raw(warmIds)],
    });
    const ratio = median(sdkTimes!) / median(rawTimes!);
    const rate = (ms: number) => `${Math.round((counts.bulkIds / ms) * 1000).toLocaleString('en')}/s`;
    addRow(
      {
        measure: `cancelOrders, ${counts.bulkIds.toLocaleString('en')} IDs, concurrency ${concurrency}`,
        sdk: `${seconds(median(sdkTimes!))} (${rate(median(sdkTimes!))})`,
        baseline: `raw pool ${seconds(median(rawTimes!))} (${rate(median(rawTimes!))})`,
        ratio: times(ratio),
        goal: '≤ 1.30×',
        verdict: judge(ratio <= 1.3),
      },
      'bulk',
    );
  }
  if (failures) notes.push(`WARNING: ${failures} bulk cancels did not succeed; the timings are suspect.`);
  await closeServer(server.server);
}

// ---------------------------------------------------------------------------------------------------------
// 3. RSS growth of streamCancelOrders over 100,000 IDs (in a fresh process, the server in another, so nothing
// but the client is counted)

interface StreamFigures {
  baselineBytes: number;
  peakGrowthBytes: number;
  secondHalfGrowthBytes: number;
  finalGrowthBytes: number;
  heapAfterGcGrowthBytes: number;
  heapTotalBytes: number;
  elapsedMs: number;
  succeeded: number;
}

const streamConcurrency = 8; // the default of cancelOrders and streamCancelOrders

async function settleHeap(): Promise<void> {
  // FinalizationRegistry callbacks (undici registers one per Request signal) run only after a GC, as tasks.
  for (let pass = 0; pass < 3; pass++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The same request through Node's own HTTP client, which fetch (undici) does not use. */
function httpCancel(agent: Agent, baseUrl: string, id: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const sent = request(`${baseUrl}/orders/${id}/cancel`, { ...rawInit, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve((response.statusCode ?? 0) < 300));
    });
    sent.on('error', reject);
    sent.end();
  });
}

/**
 * `side` sdk: streamCancelOrders; raw: a raw fetch pool at the same concurrency, results dropped alike; http: the
 * same pool on node:http, to tell fetch's own memory from the rest of Node's.
 */
async function streamChild(count: number, side: string): Promise<StreamFigures> {
  const server = await startServerProcess();
  const zinc = createZinc({ baseUrl: server.baseUrl, apiKey: zincKey });
  async function stream(ids: Iterable<string>, onEach: (ok: boolean) => void): Promise<void> {
    if (side === 'raw' || side === 'http') {
      const iterator = ids[Symbol.iterator]();
      const agent = new Agent({ keepAlive: true, maxSockets: streamConcurrency });
      const cancel = (id: string) =>
        side === 'raw' ? rawCancel(server.baseUrl, id) : httpCancel(agent, server.baseUrl, id);
      await Promise.all(
        Array.from({ length: streamConcurrency }, async () => {
          for (let item = iterator.next(); !item.done; item = iterator.next()) {
            onEach(await cancel(item.value));
          }
        }),
      );
      return;
    }
    for await (const entry of zinc.streamCancelOrders(ids)) onEach(entry.result.ok);
  }
  // Warm up (JIT, sockets), then measure from a collected heap.
  await stream(orderIds(2_000, count), () => {});
  await settleHeap();
  const baselineBytes = process.memoryUsage.rss();
  const baselineHeap = process.memoryUsage().heapUsed;
  let peak = baselineBytes;
  let half = baselineBytes;
  let succeeded = 0;
  let seen = 0;
  const start = performance.now();
  // IDs are generated lazily and entries dropped as they come: what a user streaming a large file does.
  await stream(orderIds(count), (ok) => {
    if (ok) succeeded++;
    if (++seen % 256 === 0) peak = Math.max(peak, process.memoryUsage.rss());
    if (seen === count >> 1) half = process.memoryUsage.rss();
  });
  const elapsedMs = performance.now() - start;
  const end = process.memoryUsage.rss();
  peak = Math.max(peak, end);
  const { heapTotal } = process.memoryUsage();
  await settleHeap();
  const figures = {
    baselineBytes,
    peakGrowthBytes: peak - baselineBytes,
    secondHalfGrowthBytes: end - half,
    finalGrowthBytes: process.memoryUsage.rss() - baselineBytes,
    heapAfterGcGrowthBytes: process.memoryUsage().heapUsed - baselineHeap,
    heapTotalBytes: heapTotal,
    elapsedMs,
    succeeded,
  };
  server.stop();
  return figures;
}

/**
 * The same Zinc-like server in a process of its own, so that the RSS measured is the client's alone: the
 * server's sockets, buffers and garbage are not what a user's process would carry.
 */
async function startServerProcess(): Promise<{ baseUrl: string; stop: () => void }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child=server'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.once('data', (line: string) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`the server process exited with ${code}`)));
  });
  return { baseUrl, stop: () => child.kill() };
}

async function streamInChild(
  count: number,
  side: 'sdk' | 'raw' | 'http',
  v8Flags: string[] = [],
): Promise<StreamFigures> {
  const { stdout } = await run(
    process.execPath,
    [
      '--expose-gc',
      ...v8Flags,
      fileURLToPath(import.meta.url),
      '--child=stream',
      `--ids=${count}`,
      `--side=${side}`,
    ],
    { maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as StreamFigures;
}

function describeStream(label: string, count: number, figures: StreamFigures): string {
  return `${label}: ${figures.succeeded.toLocaleString('en')} of ${count.toLocaleString('en')} cancelled in ${seconds(figures.elapsedMs)} at concurrency ${streamConcurrency}; RSS ${megabytes(figures.baselineBytes)} after warm-up, peak +${megabytes(figures.peakGrowthBytes)}, second half of the run +${megabytes(figures.secondHalfGrowthBytes)}, +${megabytes(figures.finalGrowthBytes)} after a final GC; V8 heap ${megabytes(figures.heapTotalBytes)} reserved at the end, live heap +${megabytes(figures.heapAfterGcGrowthBytes)} after GC.`;
}

async function benchStream(): Promise<void> {
  const count = counts.streamIds;
  console.log(
    `\nstreamCancelOrders over ${count.toLocaleString('en')} IDs (fresh process, default concurrency)`,
  );
  // The same run through a raw fetch pool shows how much of the growth is Node's rather than the SDK's. Each side
  // has a process of its own and the machine two cores, so both run at once; RSS does not depend on timing.
  const [figures, raw] = await Promise.all([streamInChild(count, 'sdk'), streamInChild(count, 'raw')]);
  addRow(
    {
      measure: `streamCancelOrders, ${count.toLocaleString('en')} IDs: peak RSS growth`,
      sdk: megabytes(figures.peakGrowthBytes),
      baseline: `raw fetch pool ${megabytes(raw.peakGrowthBytes)}`,
      ratio: times(figures.peakGrowthBytes / raw.peakGrowthBytes),
      goal: '< 50 MB',
      verdict: judge(figures.peakGrowthBytes < 50 * 1024 * 1024),
    },
    'stream',
  );
  details.push(describeStream('Streaming run', count, figures));
  details.push(describeStream('Raw fetch pool, same run', count, raw));
  // Most of the growth is V8 sizing its young generation and promoting short-lived garbage between major GCs;
  // a smaller young generation shows how much. A library cannot set this flag for its users' processes.
  // Node's own HTTP client on the same run: what is left of the growth without fetch.
  const [small, http] = await Promise.all([
    streamInChild(count, 'sdk', ['--max-semi-space-size=4']),
    streamInChild(count, 'http'),
  ]);
  details.push(describeStream('Streaming run with `node --max-semi-space-size=4`', count, small));
  details.push(describeStream('node:http pool instead of fetch, same run (keep-alive agent)', count, http));
}

// ---------------------------------------------------------------------------------------------------------
// 4. Rate-limit pacing against the sandbox limiting Zinc to 200 requests a second

async function benchRateLimits(): Promise<void> {
  const cancels = counts.rateCancels;
  const idealMs = (cancels / rateLimit.limit) * rateLimit.intervalMs;
  console.log(
    `\nRate-limit pacing: ${cancels.toLocaleString('en')} cancels, sandbox limits Zinc to ${rateLimit.limit}/s (ideal ${seconds(idealMs)})`,
  );
  const sandbox = await startSandbox({
    seed: false,
    rateLimits: { zinc: rateLimit },
  });
  try {
    for (const declared of [true, false]) {
      for (const concurrency of [8, 64]) {
        sandbox.reset();
        const ids = Array.from({ length: cancels }, () => sandbox.addOrder('zinc', { state: 'pending' }));
        // A fresh client each time: pacing state (and what it learned) lives in one client.
        const zinc = createZinc({
          baseUrl: sandbox.baseUrls.zinc,
          apiKey: sandbox.credentials.zinc.apiKey,
          ...(declared ? { rateLimits: [rateLimit] } : {}),
        });
        // The sandbox shares this process: a full collection of earlier sections' garbage in mid-run would hold
        // back the requests of its pause and hand them to the sandbox's window together, which no remote
        // server would see.
        gc();
        const startedAt = Date.now();
        const start = performance.now();
        const report = await zinc.cancelOrders(ids, { concurrency });
        const elapsed = performance.now() - start;
        const log = sandbox.requests.filter((request) => request.provider === 'zinc');
        const limitedAt = log
          .filter((request) => request.status === 429)
          .map((request) => request.at - startedAt);
        const limited = limitedAt.length;
        const how = declared ? 'declared limit' : 'learned from 429s';
        addRow(
          {
            measure: `Rate limit, ${how}, concurrency ${concurrency}: elapsed`,
            sdk: seconds(elapsed),
            baseline: `limit allows ${seconds(idealMs)}`,
            ratio: times(elapsed / idealMs),
            goal: '≤ 1.15×',
            verdict: judge(elapsed <= idealMs * 1.15),
          },
          'rate',
        );
        const share = limited / log.length;
        addRow(
          {
            measure: `Rate limit, ${how}, concurrency ${concurrency}: answered 429`,
            sdk: `${limited} of ${log.length} requests`,
            baseline: '',
            ratio: `${(share * 100).toFixed(2)}%`,
            goal: '≤ 1%',
            verdict: judge(share <= 0.01),
          },
          'rate',
        );
        if (limited) {
          const first = limitedAt.filter((at) => at < rateLimit.intervalMs * 1.1).length;
          details.push(
            `Rate limit, ${how}, concurrency ${concurrency}: ${first} of the ${limited} 429s came in the first window (within ${seconds(rateLimit.intervalMs * 1.1)} of the start); the last at ${seconds(Math.max(...limitedAt))}.`,
          );
        }
        const failed = report.counts.failed;
        if (failed) {
          notes.push(
            `Rate limit, ${how}, concurrency ${concurrency}: ${failed} cancels failed (${JSON.stringify(report.counts.errors)}).`,
          );
        }
      }
    }
  } finally {
    await sandbox.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// 5. Cold import of @cancel/zinc vs an empty module, in fresh processes

const importFixture = join(here, 'fixtures', 'import-time.mjs');

async function timeImport(...specifiers: string[]): Promise<{ wall: number; steps: number[] }> {
  const start = performance.now();
  const { stdout } = await run(process.execPath, [importFixture, ...specifiers], { cwd: here });
  return { wall: performance.now() - start, steps: JSON.parse(stdout) as number[] };
}

async function benchColdImport(): Promise<void> {
  console.log(`\nCold import, ${counts.importRuns} fresh processes each, alternating`);
  const zinc: { wall: number; steps: number[] }[] = [];
  const empty: { wall: number; steps: number[] }[] = [];
  await timeImport('@cancel/zinc');
  await timeImport('./empty.mjs');
  for (let n = 0; n < counts.importRuns; n++) {
    zinc.push(await timeImport('@cancel/zinc'));
    empty.push(await timeImport('./empty.mjs'));
  }
  const wallZinc = median(zinc.map((run) => run.wall));
  const wallEmpty = median(empty.map((run) => run.wall));
  const insideZinc = median(zinc.map((run) => run.steps[0]!));
  const insideEmpty = median(empty.map((run) => run.steps[0]!));
  const cost = wallZinc - wallEmpty;
  addRow(
    {
      measure: 'Cold import of @cancel/zinc (process time over an empty module)',
      sdk: `${cost.toFixed(1)} ms`,
      baseline: `process ${wallZinc.toFixed(1)} vs ${wallEmpty.toFixed(1)} ms`,
      ratio: times(wallZinc / wallEmpty),
      goal: '< 30 ms',
      verdict: judge(cost < 30),
    },
    'import',
  );
  details.push(
    `Cold import measured inside the process (\`await import()\` alone): @cancel/zinc ${insideZinc.toFixed(1)} ms, the empty module ${insideEmpty.toFixed(1)} ms (medians of ${counts.importRuns}).`,
  );
  if (!missed.has('import')) return;

  // Where the import time goes: each step imports one more layer on top of what the steps before loaded.
  const steps: [string, string][] = [
    ["touch globalThis.Request (Node's fetch, undici, loads on first use)", 'fetch-globals'],
    ['@cancel/core (ky bundled, loaded on the first request)', '@cancel/core'],
    ['@cancel/zinc (with the valibot pieces it uses, bundled)', '@cancel/zinc'],
  ];
  const layered: number[][] = [];
  const breakdownRuns = Math.min(15, counts.importRuns);
  for (let n = 0; n < breakdownRuns; n++) {
    layered.push((await timeImport(...steps.map(([, specifier]) => specifier))).steps);
  }
  const lines = ['| step, on top of the ones above | median |', '|---|---:|'];
  steps.forEach(([label], index) => {
    lines.push(`| ${label} | ${median(layered.map((run) => run[index]!)).toFixed(1)} ms |`);
  });
  const { stdout } = await run(process.execPath, [importFixture, '--modules', '@cancel/zinc'], { cwd: here });
  const loaded = Object.entries(JSON.parse(stdout) as Record<string, { files: number; bytes: number }>);
  lines.push(
    '',
    `Files that \`import '@cancel/zinc'\` loads: ${loaded
      .map(([owner, { files, bytes }]) => `${owner} ${files} (${(bytes / 1024).toFixed(0)} KB)`)
      .join(', ')}.`,
  );
  for (const line of lines.slice(2)) console.log(`  ${line}`);
  breakdownSections.push({
    title: `Cold import, step by step (inside fresh processes, medians of ${breakdownRuns})`,
    lines,
  });
}

// ---------------------------------------------------------------------------------------------------------
// 6. Bundle size of core + one provider, measured by scripts/check-size.mjs (the budget check of pnpm test)

interface BundleRow {
  name: string;
  min: number;
  gzip: number;
  byPackage: Record<string, number>;
}

async function benchBundle(): Promise<void> {
  console.log('\nBundle: core + one provider, for the browser, minified and gzipped');
  // check-size exits 1 when a bundle is over budget; the figures are still on stdout, and a benchmark reports a
  // missed goal rather than stopping.
  const { stdout } = await run(process.execPath, [join(root, 'scripts', 'check-size.mjs'), '--json'], {
    cwd: root,
  }).catch((error: { stdout?: string }) => {
    if (!error.stdout) throw error;
    return { stdout: error.stdout };
  });
  const { rows } = JSON.parse(stdout) as { rows: BundleRow[] };
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  const zinc = rows.find((row) => row.name === 'zinc')!;
  addRow(
    {
      measure: 'Bundle of @cancel/zinc + core (min + gzip)',
      sdk: kb(zinc.gzip),
      baseline: `${kb(zinc.min)} minified`,
      ratio: '',
      goal: '≤ 18 KB',
      verdict: judge(zinc.gzip <= 18 * 1024),
    },
    'bundle',
  );
  details.push(
    `Zinc bundle, minified bytes by package before gzip: ${Object.entries(zinc.byPackage)
      .sort((a, b) => b[1] - a[1])
      .map(([owner, bytes]) => `${owner} ${kb(bytes)}`)
      .join(', ')}.`,
  );
  details.push(
    `Every provider's bundle, gzipped: ${rows.map((row) => `${row.name} ${kb(row.gzip)}`).join(', ')}.`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// 7. Where the time goes, when a call or a bulk run misses its goal: a ladder from a bare fetch to the SDK,
//    one ingredient added per step, in rotating rounds like the rest.

type Ky = (url: string, options: object) => Promise<Response>;

async function loadKy(): Promise<Ky> {
  // ky is core's dependency, not this package's: resolve it the way core does.
  const fromCore = createRequire(join(root, 'packages', 'core', 'package.json'));
  return ((await import(pathToFileURL(fromCore.resolve('ky')).href)) as { default: Ky }).default;
}

async function benchCallBreakdown(): Promise<void> {
  console.log(
    '\nWhere the time of one call goes (sequential median latency; wall time per call with 64 in flight)',
  );
  const ky = await loadKy();
  const server = await startZincLikeServer();
  const url = (id: string) => `${server.baseUrl}/orders/${id}/cancel`;
  const zinc = createZinc({ baseUrl: server.baseUrl, apiKey: zincKey });
  const unpaced = createZinc({ baseUrl: server.baseUrl, apiKey: zincKey, rateLimits: false });
  const kyRetry = {
    limit: 2,
    methods: ['post'],
    statusCodes: [408, 429, 500, 502, 503, 504],
    afterStatusCodes: [429, 503],
  };
  // [label, call, the step it adds to]: the SDK's own ladder first, then ky's per-call cost for comparison, which
  // is why the SDK sends each attempt with fetch and hands only retries to ky.
  const steps: [string, (id: string) => Promise<unknown>, number?][] = [
    ['fetch(url, init) + text()', (id) => rawCancel(server.baseUrl, id)],
    [
      "+ a deadline per attempt (AbortController, timer) and redirect: 'manual', as the SDK sends it",
      async (id) => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 10_000);
        try {
          const init = { ...rawInit, redirect: 'manual' as const, signal: controller.signal };
          return await (await fetch(url(id), init)).text();
        } finally {
          clearTimeout(timer);
        }
      },
    ],
    ['SDK cancelOrder, rateLimits: false', (id) => unpaced.cancelOrder(id)],
    ['SDK cancelOrder, defaults', (id) => zinc.cancelOrder(id)],
    [
      'for comparison: ky(url, { method, headers, retry }) + text()',
      async (id) => (await ky(url(id), { ...rawInit, retry: kyRetry })).text(),
      0,
    ],
    [
      '+ beforeRequest and afterResponse hooks (ky clones the response for them)',
      async (id) =>
        (
          await ky(url(id), {
            ...rawInit,
            retry: kyRetry,
            redirect: 'manual',
            hooks: { beforeRequest: [async () => {}], afterResponse: [() => {}] },
          })
        ).text(),
    ],
  ];
  const sequential = (call: (id: string) => Promise<unknown>) => async () => {
    const samples: number[] = [];
    for (let n = 0; n < counts.breakdownCalls; n++) {
      const start = performance.now();
      await call(orderId(n));
      samples.push(performance.now() - start);
    }
    return median(samples);
  };
  // 64 in flight: the CPU each call costs shows here, where sequential latency hides part of it.
  const parallel = (call: (id: string) => Promise<unknown>) => async () => {
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < counts.breakdownParallelCalls) await call(orderId(next++));
      }),
    );
    return (performance.now() - start) / counts.breakdownParallelCalls;
  };
  const seq = (
    await alternate(
      counts.breakdownRounds,
      steps.map(([, call]) => sequential(call)),
      { collect: false },
    )
  ).map(median);
  const par = (
    await alternate(
      counts.breakdownRounds,
      steps.map(([, call]) => parallel(call)),
    )
  ).map(median);
  const lines = [
    '| step | sequential | vs fetch | step adds | 64 in flight, per call | vs fetch | step adds |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  const adds = (values: number[], index: number) => {
    const base = steps[index]![2] ?? index - 1;
    return index === 0 ? '' : `${Math.round((values[index]! - values[base]!) * 1000)} µs`;
  };
  steps.forEach(([label], index) => {
    lines.push(
      `| ${label} | ${us(seq[index]!)} | ${times(seq[index]! / seq[0]!)} | ${adds(seq, index)} | ${us(par[index]!)} | ${times(par[index]! / par[0]!)} | ${adds(par, index)} |`,
    );
    console.log(
      `  ${label.padEnd(76)} ${us(seq[index]!).padStart(7)} ${times(seq[index]! / seq[0]!).padStart(6)}  ${us(par[index]!).padStart(7)} ${times(par[index]! / par[0]!).padStart(6)}`,
    );
  });
  breakdownSections.push({
    title: `One call, step by step (${counts.breakdownCalls} sequential calls, or ${counts.breakdownParallelCalls} calls by 64 workers, per step and round; ${counts.breakdownRounds} rotating rounds)`,
    lines,
  });
  await closeServer(server.server);
}

async function benchBulkBreakdown(): Promise<void> {
  const count = counts.breakdownBulkIds;
  console.log(`\nWhere the time of a bulk run goes (${count.toLocaleString('en')} IDs, wall time per step)`);
  const server = await startZincLikeServer();
  const zinc = createZinc({ baseUrl: server.baseUrl, apiKey: zincKey });
  const ids = [...orderIds(count)];
  const lines = ['| concurrency | step | median | vs raw pool |', '|---:|---|---:|---:|'];
  for (const concurrency of counts.bulkConcurrencies) {
    const steps: [string, () => Promise<unknown>][] = [
      ['raw fetch, plain worker pool', () => rawPool(server.baseUrl, ids, concurrency)],
      [
        "raw fetch through core's mapConcurrent",
        async () => {
          for await (const _ of mapConcurrent(ids, concurrency, (id) => rawCancel(server.baseUrl, id))) {
          }
        },
      ],
      [
        'SDK cancelOrder, plain worker pool',
        async () => {
          const iterator = ids[Symbol.iterator]();
          await Promise.all(
            Array.from({ length: concurrency }, async () => {
              for (let item = iterator.next(); !item.done; item = iterator.next()) {
                await zinc.cancelOrder(item.value);
              }
            }),
          );
        },
      ],
      ['SDK cancelOrders', () => zinc.cancelOrders(ids, { concurrency })],
    ];
    const timed = (step: () => Promise<unknown>) => async () => {
      const start = performance.now();
      await step();
      return performance.now() - start;
    };
    const figures = await alternate(
      Math.max(1, counts.breakdownRounds - 1),
      steps.map(([, step]) => timed(step)),
    );
    const medians = figures.map(median);
    steps.forEach(([label], index) => {
      const value = medians[index]!;
      lines.push(`| ${concurrency} | ${label} | ${seconds(value)} | ${times(value / medians[0]!)} |`);
      console.log(
        `  c=${String(concurrency).padEnd(3)} ${label.padEnd(40)} ${seconds(value).padStart(8)}  ${times(value / medians[0]!)}`,
      );
    });
  }
  breakdownSections.push({
    title: `A bulk run, step by step (${count.toLocaleString('en')} IDs per run, rotating rounds)`,
    lines,
  });
  await closeServer(server.server);
}

// ---------------------------------------------------------------------------------------------------------
// Report

function machine(): string[] {
  const cpu = cpus();
  return [
    `- CPU: ${cpu[0]?.model.trim() ?? 'unknown'}, ${cpu.length} logical cores`,
    `- Memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- Node.js ${process.version} on ${process.platform} ${release()} (${process.arch})`,
    `- Date: ${new Date().toISOString()}`,
  ];
}

function table(): string[] {
  const lines = [
    '| measure | SDK | baseline | ratio | goal | |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map(
      (row) =>
        `| ${row.measure} | ${row.sdk} | ${row.baseline} | ${row.ratio} | ${row.goal} | ${row.verdict === 'info' ? '' : row.verdict === 'met' ? '✅ met' : '❌ missed'} |`,
    ),
  ];
  return lines;
}

function printTable(): void {
  const header = ['measure', 'SDK', 'baseline', 'ratio', 'goal', ''];
  const cells = [
    header,
    ...rows.map((row) => [
      row.measure,
      row.sdk,
      row.baseline,
      row.ratio,
      row.goal,
      row.verdict === 'info' ? '' : row.verdict,
    ]),
  ];
  const widths = header.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  console.log('');
  for (const line of cells) {
    console.log(
      line
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    );
  }
}

function writeReport(elapsedMs: number): void {
  const text = [
    '# Benchmarks',
    '',
    'Written by `pnpm bench` (`apps/tests/bench/run.ts`); run it again rather than editing this file. A',
    'benchmark, not a test: CI never asserts timings, and a missed goal is reported, not failed.',
    '',
    '## Machine',
    '',
    ...machine(),
    `- Load average (1 min) at the start and the end: ${loadAverages.join(' and ')} (on a shared machine, anything`,
    '  else running shows up here and in the timings)',
    `- Whole run: ${seconds(elapsedMs)}${quick ? ' (--quick: reduced counts)' : ''} (${sectionTimes.join(', ')})`,
    '',
    '## Results',
    '',
    'Medians; each comparison starts with a warm-up round of each side, then alternates A B A B.',
    '',
    ...table(),
    '',
    ...[...details, ...notes].map((line) => `- ${line}`),
    '',
    ...breakdownSections.flatMap((section) => [`## ${section.title}`, '', ...section.lines, '']),
    '## How each figure is measured',
    '',
    '- **One call**: `createZinc` with default settings apart from `baseUrl` and the key (retries on, per-attempt',
    '  timeout, pacing, hooks, body cap: everything a user gets) against a raw `fetch` sending the same method, URL,',
    '  headers and empty body (checked on the wire, above). The server is a bare `node:http` server in the same',
    "  process answering like Zinc (`204`, `x-request-id`): the strictest place to see the client's own cost, since",
    `  any server work dilutes the ratio. Sequential: ${counts.sequentialCalls} calls per round, the median latency of`,
    `  each round, ${counts.callRounds} rounds per side. 64 in flight: ${counts.parallelCalls} calls per round by 64`,
    `  workers, wall time divided by calls, ${counts.callRounds} rounds per side. The sides alternate, the order`,
    '  reversed every round. Wall times (64 in flight, bulk) follow a forced full GC before each side, so that a',
    "  side never pays for the other's garbage. The sequential median does not: it ignores pauses, and V8 drops",
    "  optimized code (most of it Node's streams and undici's) at each forced collection, so one before every",
    '  round kept every call in slower tiers, a raw fetch at 2–3 times its latency in a running process.',
    `- **Bulk**: \`cancelOrders\` over ${counts.bulkIds.toLocaleString('en')} IDs against the plainest raw pool (N`,
    `  workers pulling IDs from one iterator, each \`await fetch\` then \`text()\`), at the same concurrency, same`,
    `  server; ${counts.bulkRounds} rounds per side after a 2,000-ID warm-up.`,
    `- **Streaming RSS**: \`streamCancelOrders\` over ${counts.streamIds.toLocaleString('en')} IDs generated lazily,`,
    '  entries dropped as they arrive, in a fresh process (the server in another) after a warm-up of 2,000 IDs',
    '  and forced GCs; RSS sampled every 256 entries; peak minus the post-warm-up baseline. The same run through a',
    '  raw fetch pool (8 workers, results dropped alike) shows how much of it is Node rather than the SDK; the two',
    '  processes run at the same time, one per core. Two more runs, also paired, tell fetch from V8: the SDK under',
    '  `node --max-semi-space-size=4`, and the same pool on `node:http` with a keep-alive agent instead of fetch.',
    `- **Rate limit**: the sandbox limits Zinc to ${rateLimit.limit} requests per ${rateLimit.intervalMs} ms`,
    `  (fixed window); ${counts.rateCancels.toLocaleString('en')} pending orders are cancelled by a fresh client,`,
    '  with the limit declared (`rateLimits: [{ limit: 200, intervalMs: 1000 }]`) or not (Zinc declares none, so',
    '  the client learns it from 429s). Elapsed is the whole `cancelOrders`; 429s and the request count come from',
    "  the sandbox's request log. One run per scenario (each takes about the 10 s the limit allows). A fixed",
    '  window lets 2,000 through in a little over 9 s, hence ratios under 1.',
    `- **Cold import**: \`node fixtures/import-time.mjs <module>\` in fresh processes, ${counts.importRuns} runs of`,
    '  each alternating after one warm-up each; the figure is the median process time with `@cancel/zinc` minus',
    '  the median with an empty module.',
    '- **Bundle**: the approach of `scripts/check-size.mjs` (esbuild, browser, ESM, minified, tree-shaken, from an',
    '  entry keeping only the factory; gzip level 9).',
    '- The "step by step" tables run only when a goal is missed; each line adds one ingredient to the line',
    '  above (the first ky line starts again from the bare fetch), so the difference is what that ingredient',
    '  costs. On 2 shared cores, differences',
    '  under about 20 µs per call are within the noise between runs.',
    `- Counts are scaled to keep the whole run near 3 minutes on 2 cores; \`--quick\` divides them further.`,
    '- Whether a change to core costs a call anything shows better in one process than in two runs of this',
    '  bench: `node --expose-gc bench/compare-checkouts.ts OLD NEW` times a raw fetch and two built checkouts',
    '  side by side (`--collect` for the state after forced full GCs).',
    '',
  ].join('\n');
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(root, 'docs', 'benchmarks.md'), text);
  console.log(`\nWritten to ${relative(process.cwd(), join(root, 'docs', 'benchmarks.md'))}`);
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const only = flagValue('only')?.split(',');
  const wanted = (name: string) => !only || only.includes(name);
  console.log(
    `pnpm bench${quick ? ' --quick' : ''}: ${cpus()[0]?.model.trim()}, ${cpus().length} cores, Node ${process.version}`,
  );
  if (!(globalThis as { gc?: unknown }).gc) console.log('note: run with --expose-gc for steadier figures');
  const section = async (name: string, body: () => Promise<unknown>) => {
    const start = performance.now();
    await body();
    sectionTimes.push(`${name} ${seconds(performance.now() - start)}`);
  };
  if (wanted('single')) await section('one call', benchSingleCall);
  if (wanted('bulk')) await section('bulk', benchBulk);
  if (wanted('stream')) await section('streaming RSS', benchStream);
  if (wanted('rate')) await section('rate limits', benchRateLimits);
  if (wanted('import')) await section('cold import', benchColdImport);
  if (wanted('bundle')) await section('bundle', benchBundle);
  if (wanted('queue'))
    await section('queue', async () => breakdownSections.push(await benchQueue({ quick })));
  if (wanted('canceller'))
    await section('canceller', async () => breakdownSections.push(await benchCanceller({ quick, gc })));
  if (wanted('telemetry'))
    await section('telemetry', async () => breakdownSections.push(await benchTelemetry({ quick })));
  const explain = (name: string) => only?.includes('breakdown') || (!only && missed.has(name));
  if (explain('single')) await section('one call, step by step', benchCallBreakdown);
  if (explain('bulk')) await section('bulk, step by step', benchBulkBreakdown);
  printTable();
  for (const line of [...details, ...notes]) console.log(`- ${line}`);
  const elapsed = performance.now() - started;
  loadAverages.push(loadavg()[0]!.toFixed(2));
  console.log(`\nWhole run ${seconds(elapsed)}: ${sectionTimes.join(', ')}`);
  if (!quick && !only) writeReport(elapsed);
}

const child = flagValue('child');
if (child === 'stream') {
  console.log(JSON.stringify(await streamChild(Number(flagValue('ids')), flagValue('side') ?? 'sdk')));
} else if (child === 'server') {
  // Serves until the parent kills it; its base URL is its only output.
  console.log((await startZincLikeServer()).baseUrl);
} else {
  await main();
}
