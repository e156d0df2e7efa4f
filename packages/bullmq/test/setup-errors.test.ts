import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  checkRedis,
  createCancelQueue,
  QueueSetupError,
  queueLimiter,
  runCancelWorker,
} from '../src/index.js';
import { startRedisServer } from '../src/testing.js';
import { dumpKeys, redisUrl, uniquePrefix } from './support.js';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Redis 5 cannot be installed beside Redis 7 here, so this server speaks just enough of Redis's protocol to
 * answer INFO with an old version; every other command gets +OK.
 */
async function oldRedis(): Promise<Server> {
  const info = '# Server\r\nredis_version:5.0.14\r\nloading:0\r\n';
  const server = createServer((socket) => {
    socket.on('data', (data) => {
      const commands = data.toString().match(/\*\d+\r\n\$\d+\r\n(\w+)/g) ?? [];
      for (const command of commands) {
        socket.write(/info$/i.test(command) ? `$${info.length}\r\n${info}\r\n` : '+OK\r\n');
      }
    });
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

describe('an unusable Redis', () => {
  it('is refused before anything is written: a URL that is not redis://', async () => {
    const queue = createCancelQueue({ connection: 'http://127.0.0.1:6379' });
    const failure = await queue
      .enqueue([{ provider: 'zinc', orderId: 'x' }])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueueSetupError);
    expect(failure).toMatchObject({
      problem: 'invalid_url',
      message: expect.stringMatching(/redis:\/\/HOST:PORT/),
    });
    await expect(checkRedis('not a url')).rejects.toMatchObject({ problem: 'invalid_url' });
  });

  it('is refused when nothing listens, without retrying for ever', async () => {
    const port = await closedPort();
    const failure = await checkRedis(`redis://127.0.0.1:${port}`).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      problem: 'unreachable',
      message: expect.stringContaining(`127.0.0.1:${port}`),
    });
    const worker = runCancelWorker({ connection: `redis://127.0.0.1:${port}`, clients: [fakeClient()] });
    await expect(worker.ready).rejects.toMatchObject({ problem: 'unreachable' });
    await worker.close();
  });

  it('is refused when older than 6.2, naming its version', async () => {
    const server = await oldRedis();
    const { port } = server.address() as { port: number };
    const failure = await checkRedis(`redis://127.0.0.1:${port}`).catch((error: unknown) => error);
    server.close();
    expect(failure).toMatchObject({
      problem: 'unsupported_version',
      message: expect.stringContaining('5.0.14'),
    });
  });

  it('is refused, saying where the password goes, by a Redis that wants one; with it, it is usable', async () => {
    const guarded = await startRedisServer({ args: ['--requirepass', 'sesame-7f3a'] });
    try {
      const failure = await checkRedis(guarded.url).catch((error: unknown) => error);
      expect(failure).toMatchObject({
        problem: 'unreachable',
        message: expect.stringMatching(/NOAUTH.*redis:\/\/:PASSWORD@HOST:PORT/),
      });
      const withPassword = guarded.url.replace('redis://', 'redis://:sesame-7f3a@');
      await expect(checkRedis(withPassword)).resolves.toMatchObject({
        version: expect.stringMatching(/^\d+\./),
      });
    } finally {
      await guarded.stop();
    }
  });

  it('never shows a password from the URL', async () => {
    const port = await closedPort();
    const failure = (await checkRedis(`redis://user:hunter2secret@127.0.0.1:${port}`).catch(
      (error) => error,
    )) as Error;
    expect(failure.message).not.toContain('hunter2secret');
  });
});

describe('bad input', () => {
  it('names the reference that is not { provider, orderId }, and keeps the chunks before it', async () => {
    const prefix = uniquePrefix();
    const queue = createCancelQueue({ connection: redisUrl(), prefix });
    const refs = [
      { provider: 'zinc', orderId: 'a' },
      { provider: 'Zinc!', orderId: 'b' },
    ];
    await expect(queue.enqueue(refs, { runId: 'bad' })).rejects.toThrow(
      /Reference 1 of the input: provider "Zinc!"/,
    );
    await expect(queue.enqueue([], { runId: 'has space' })).rejects.toThrow(/Invalid run ID/);
    await queue.close();
    expect([...(await dumpKeys(prefix)).keys()].some((key) => key.includes(':zinc:'))).toBe(false);
  });

  it('refuses a worker without clients, or with two for one provider', () => {
    expect(() => runCancelWorker({ connection: redisUrl(), clients: [] })).toThrow(/at least one client/);
    expect(() => runCancelWorker({ connection: redisUrl(), clients: [fakeClient(), fakeClient()] })).toThrow(
      /Two clients for zinc/,
    );
  });
});

describe('the shared limit', () => {
  it('keeps the lowest sustained rate of several documented limits, its window a little longer', () => {
    const offerGrid = [
      { limit: 100, intervalMs: 60_000 },
      { limit: 10_000, intervalMs: 3_600_000 },
    ];
    expect(queueLimiter(offerGrid)).toEqual({ max: 100, duration: 61_300 });
    expect(queueLimiter([{ limit: 100, intervalMs: 1000 }])).toEqual({ max: 100, duration: 1120 });
  });

  it('still has a limiter without a limit, so that a 429 can pause the queue', () => {
    expect(queueLimiter(false).max).toBeGreaterThan(10_000);
    expect(queueLimiter([]).max).toBeGreaterThan(10_000);
  });
});

function fakeClient() {
  const never = () => Promise.reject(new Error('not called'));
  return { provider: 'zinc', cancelOrder: never, cancelOrders: never } as never;
}
