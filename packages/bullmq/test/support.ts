import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type ProviderId, providerIds, type Sandbox } from '@cancel/sandbox';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { factories } from './fixtures/providers.ts';

export const redisUrl = () => inject('redisUrl');

let prefixes = 0;
/** A key prefix of its own for each test, so tests never see each other's queues. */
export const uniquePrefix = () => `t${process.pid}x${++prefixes}x${Date.now().toString(36)}`;

export type Credentials = { [P in ProviderId]?: Record<string, string> };

/** A client per provider against the sandbox; pacing off unless asked, since most tests are not about it. */
export function sandboxClients(
  sandbox: Sandbox,
  {
    providers = providerIds,
    credentials = {},
    settings = {},
  }: { providers?: readonly ProviderId[]; credentials?: Credentials; settings?: object } = {},
) {
  return providers.map((provider) =>
    factories[provider]!({
      baseUrl: sandbox.baseUrls[provider],
      ...sandbox.credentials[provider],
      ...credentials[provider],
      retryDelayMs: 20,
      rateLimits: false,
      ...settings,
    }),
  );
}

/** Adds `count` pending orders at each provider; returns the references in an interleaved order. */
export function pendingOrders(
  sandbox: Sandbox,
  count: number,
  providers: readonly ProviderId[] = providerIds,
) {
  const refs: { provider: ProviderId; orderId: string }[] = [];
  for (let position = 0; position < count; position++) {
    const provider = providers[position % providers.length]!;
    refs.push({ provider, orderId: sandbox.addOrder(provider, { state: 'pending' }) });
  }
  return refs;
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

/** Every key under the prefix with its full contents, whatever its type. */
export async function dumpKeys(prefix: string): Promise<Map<string, string>> {
  const redis = new Redis(redisUrl());
  const dump = new Map<string, string>();
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 })) {
      for (const key of keys as string[]) dump.set(key, JSON.stringify(await readKey(redis, key)));
    }
  } finally {
    redis.disconnect();
  }
  return dump;
}

async function readKey(redis: Redis, key: string): Promise<unknown> {
  switch (await redis.type(key)) {
    case 'string':
      return redis.get(key);
    case 'hash':
      return redis.hgetall(key);
    case 'list':
      return redis.lrange(key, 0, -1);
    case 'set':
      return redis.smembers(key);
    case 'zset':
      return redis.zrange(key, 0, -1, 'WITHSCORES');
    case 'stream':
      return redis.xrange(key, '-', '+');
    default:
      return null;
  }
}

const workerScript = fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url));

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/** A worker in a process of its own, as on another machine; resolves once it works the queue. */
export async function startWorkerProcess(environment: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [workerScript], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('ready')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    exited.then(() => reject(new Error(`worker exited before it was ready:\n${output}`)));
  });
  return { child, output: () => output, exited };
}
