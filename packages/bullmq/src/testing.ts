import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface RedisServer {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  stop(): Promise<void>;
}

/** A loopback port the kernel says is free now (Redis's own `--port 0` would mean "no TCP at all"). */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Resolves once Redis accepts connections; rejects with its output when it exits first. */
function ready(child: ChildProcess): Promise<void> {
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('error', (error) =>
      reject(
        new Error(
          `redis-server could not start (${error.message}); install it: apt-get install -y redis-server`,
        ),
      ),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
  });
}

/**
 * For tests of code that uses queue mode: a real `redis-server` (from PATH) on a free loopback port, without
 * persistence, as BullMQ wants it (`noeviction`); `args` adds redis-server flags (`--requirepass`). A port taken
 * in between is retried with another.
 */
export async function startRedisServer(options: { args?: readonly string[] } = {}): Promise<RedisServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const flags = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn(
      'redis-server',
      [...flags, '--maxmemory-policy', 'noeviction', ...(options.args ?? [])],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      await ready(child);
    } catch (error) {
      lastError = error;
      continue;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      async stop() {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        await once(child, 'exit');
      },
    };
  }
  throw lastError;
}
