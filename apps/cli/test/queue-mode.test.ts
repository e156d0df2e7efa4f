import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, type RedisServer, startRedisServer } from '@cancel/bullmq/testing';
import { providerIds, type Sandbox, sandboxEnvironment, startSandbox } from '@cancel/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonLines, runBinary, startBinary, waitFor } from './run-binary.js';
import { scratchDirectory } from './scratch-directory.js';

let sandbox: Sandbox;
let redis: RedisServer;
let redisUrl: string;
let envFile: string;
const directory = scratchDirectory();
const file = (name: string, text: string) => {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
};

// Queue mode needs a real Redis: redis-server on a free loopback port, without persistence.
beforeAll(async () => {
  redis = await startRedisServer();
  redisUrl = redis.url;
  sandbox = await startSandbox({ rateLimits: false, seed: false });
  const variables = Object.entries(sandboxEnvironment(sandbox)).map(([name, value]) => `${name}=${value}`);
  envFile = file('sandbox.env', `${variables.join('\n')}\n`);
});
afterAll(async () => {
  await redis.stop();
  await sandbox.close();
});

/** `cancel-order worker` in its own process, as on another machine; resolves once it works the queue. */
async function startWorker(prefixArgs: string[] = []) {
  const worker = startBinary(['worker', '--queue', redisUrl, '--env-file', envFile, ...prefixArgs]);
  let stderr = '';
  worker.child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  await waitFor(() => stderr.includes('Working'), 'the worker to start');
  return { ...worker, stderr: () => stderr };
}

describe('cancel-order --queue', () => {
  it('enqueues, follows with the output of a local run, and following again enqueues nothing twice', async () => {
    const orders = providerIds.flatMap((provider) =>
      [1, 2].map(() => ({ provider, orderId: sandbox.addOrder(provider, { state: 'pending' }) })),
    );
    const shipped = sandbox.addOrder('zinc', { state: 'shipped' });
    const csv = file(
      'orders.csv',
      `provider,orderId\n${[...orders, { provider: 'zinc', orderId: shipped }].map((order) => `${order.provider},${order.orderId}`).join('\n')}\n`,
    );
    const worker = await startWorker();
    expect(worker.stderr()).toContain(`Working ${providerIds.join(', ')} from redis://127.0.0.1:`);
    const first = await runBinary(['--queue', redisUrl, '--file', csv, '--json'], {});
    const sent = orders.length + 1;
    expect(first.stderr).toMatch(new RegExp(`${sent} orders in .*: ${sent - 1} succeeded, 1 failed`));
    expect(first.status).toBe(1); // the shipped order failed, as a local run would say
    const lines = parseJsonLines(first.stdout);
    expect(lines).toHaveLength(sent);
    expect(lines.filter((line) => line.ok === true)).toHaveLength(orders.length);
    expect(lines.find((line) => line.orderId === shipped)).toMatchObject({
      ok: false,
      error: { code: 'not_cancellable' },
    });
    expect(first.stderr).toContain(`${sent} enqueued`);
    const requests = sandbox.requests.length;
    const again = await runBinary(['--queue', redisUrl, '--file', csv, '--json']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`0 enqueued, ${sent} already in the run`);
    expect(
      parseJsonLines(again.stdout)
        .map((line) => line.orderId)
        .sort(),
    ).toEqual(lines.map((line) => line.orderId).sort());
    expect(sandbox.requests.length).toBe(requests);
    for (const order of orders) expect(sandbox.stateChanges(order.provider, order.orderId)).toBe(1);
    worker.child.kill('SIGTERM');
    const stopped = await worker.done;
    expect(stopped.status).toBe(0);
    expect(stopped.stderr).toContain('Stopped.');
  });

  it('after Ctrl-C, the same command follows the run again and enqueues nothing twice', async () => {
    const orders = [1, 2, 3, 4].map(() => ({
      provider: 'snappy',
      orderId: sandbox.addOrder('snappy', { state: 'pending' }),
    }));
    const csv = file(
      'interrupted.csv',
      `provider,orderId\n${orders.map((order) => `${order.provider},${order.orderId}`).join('\n')}\n`,
    );
    // No worker yet: the run waits in Redis while the command follows it.
    const following = startBinary(['--queue', redisUrl, '--file', csv]);
    let stderr = '';
    following.child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    await waitFor(() => stderr.includes('4 enqueued'), 'the orders to be enqueued');
    following.child.kill('SIGINT');
    const stopped = await following.done;
    expect(stopped.status).toBe(130);
    expect(stopped.stderr).toMatch(/Stopped following run cli-\w+; its orders go on with the workers/);
    const worker = await startWorker();
    const again = await runBinary(['--queue', redisUrl, '--file', csv]);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/0 enqueued, 4 already in the run/);
    expect(again.stderr).toMatch(/4 orders in .*: 4 succeeded, 0 failed/);
    for (const order of orders) expect(sandbox.stateChanges('snappy', order.orderId)).toBe(1);
    worker.child.kill('SIGTERM');
    await worker.done;
  });

  it('names a run with --run-id and exits 0 when every order succeeded', async () => {
    const ids = [1, 2, 3].map(() => sandbox.addOrder('zinc', { state: 'pending' }));
    const worker = await startWorker(['zinc', '--api-key', 'zn_test_queue_worker_key']);
    expect(worker.stderr()).toMatch(/Working zinc from/);
    const run = await runBinary(['--queue', redisUrl, 'zinc', ...ids, '--run-id', 'incident-42'], {
      env: { ZINC_BASE_URL: sandbox.baseUrls.zinc },
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/Run incident-42 on redis:\/\/127\.0\.0\.1:\d+: 3 enqueued/);
    expect(run.stderr).toMatch(/3 orders in .*3 succeeded, 0 failed/);
    worker.child.kill('SIGTERM');
    await worker.done;
  });

  it('is exit 2 with nothing enqueued for a bad URL, an unreachable Redis or a worker without credentials', async () => {
    const bad = await runBinary([
      '--queue',
      'http://127.0.0.1:6379',
      'zinc',
      '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/redis:\/\/HOST:PORT.*Nothing was enqueued/);
    const port = await freePort();
    const unreachable = await runBinary([
      '--queue',
      `redis://127.0.0.1:${port}`,
      'zinc',
      '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    ]);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toMatch(
      new RegExp(`Could not connect to Redis at redis://127\\.0\\.0\\.1:${port}`),
    );
    const noCredentials = await runBinary(['worker', '--queue', redisUrl]);
    expect(noCredentials.status).toBe(2);
    expect(noCredentials.stderr).toMatch(/No provider has credentials/);
    const unusable = await runBinary(['worker', '--queue', redisUrl], {
      env: { ZINC_API_KEY: 'zn_test_\u200bone', FINCART_TOKEN: 'fincart_test_\u0007two' },
    });
    expect(unusable.status).toBe(2);
    expect(unusable.stderr).toContain('The credentials have 2 problems; no worker was started:');
    expect(unusable.stderr).toContain('The Zinc API key (ZINC_API_KEY) has a character at position 9');
    expect(unusable.stderr).toContain('The Fincart token (FINCART_TOKEN) has a character at position 14');
    const noQueue = await runBinary(['worker']);
    expect(noQueue.status).toBe(2);
    expect(noQueue.stderr).toMatch(/needs --queue/);
  });
});
