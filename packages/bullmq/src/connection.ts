import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** A `redis://` or `rediss://` URL, ioredis options, or an ioredis client (`Redis` or `Cluster`) you own. */
export type RedisConnection = string | RedisOptions | Redis | Cluster;

export type QueueSetupProblem = 'invalid_url' | 'unreachable' | 'unsupported_version';

/** Redis cannot be used: nothing was enqueued or worked. `problem` says which of three reasons. */
export class QueueSetupError extends Error {
  override readonly name = 'QueueSetupError';
  readonly problem: QueueSetupProblem;

  constructor(problem: QueueSetupProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.problem = problem;
  }
}

const passwordHint = 'A password goes in the URL: redis://:PASSWORD@HOST:PORT (or rediss:// for TLS).';

/** BullMQ runs on 5.0 but recommends 6.2; this package is tested on 7. */
export const minimumRedisVersion = '6.2.0';

const isClient = (value: unknown): value is Redis | Cluster =>
  value instanceof Redis || value instanceof Cluster || typeof (value as Redis)?.duplicate === 'function';

/** Where a connection points, for messages: host and port only, never a password. */
export function describeConnection(connection: RedisConnection): string {
  if (typeof connection === 'string') {
    try {
      const url = new URL(connection);
      return `${url.protocol}//${url.host}`;
    } catch {
      return 'the Redis URL given';
    }
  }
  if (isClient(connection)) return 'the Redis client given';
  return `redis://${connection.host ?? '127.0.0.1'}:${connection.port ?? 6379}`;
}

function checkUrl(text: string): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new QueueSetupError(
      'invalid_url',
      `${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)} is not a Redis URL; expected redis://HOST:PORT (or rediss:// for TLS), e.g. redis://127.0.0.1:6379.`,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueSetupError(
      'invalid_url',
      `A Redis URL starts with redis:// or rediss://, not ${url.protocol}//: expected redis://HOST:PORT, e.g. redis://127.0.0.1:6379.`,
    );
  }
  if (url.hostname === '') {
    throw new QueueSetupError('invalid_url', 'The Redis URL names no host; expected redis://HOST:PORT.');
  }
}

/**
 * A client of our own for the connection (the caller's own client is duplicated, so closing ours leaves theirs
 * alone). `maxRetriesPerRequest: null` is what BullMQ workers require, and lets a follower ride out a Redis
 * restart; an unusable Redis is caught before, by `checkRedis`.
 */
export function openClient(connection: RedisConnection, overrides: RedisOptions = {}): Redis | Cluster {
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    ...(process.env.XP_PIPE ? { enableAutoPipelining: true } : {}),
    ...overrides,
  };
  if (typeof connection === 'string') {
    checkUrl(connection);
    return new Redis(connection, options);
  }
  if (connection instanceof Cluster)
    return connection.duplicate(undefined, { redisOptions: options, ...options });
  if (isClient(connection)) return connection.duplicate(options);
  return new Redis({ ...connection, ...options });
}

const compareVersions = (left: string, right: string) => {
  const a = left.split('.').map(Number);
  const b = right.split('.').map(Number);
  for (let part = 0; part < 3; part++) {
    const difference = (a[part] ?? 0) - (b[part] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
};

/**
 * Connects once, without retrying, and reads Redis's version: a bad URL, an unreachable server or an old Redis
 * is a `QueueSetupError` before anything is written.
 */
export async function checkRedis(connection: RedisConnection): Promise<{ version: string }> {
  const where = describeConnection(connection);
  const client = openClient(connection, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 5000,
    retryStrategy: () => null,
  });
  // connect() only says "Connection is closed"; the error event before it says why (ECONNREFUSED, ENOTFOUND).
  let reason: Error | undefined;
  client.on('error', (error: Error) => {
    reason ??= error;
  });
  try {
    await client.connect().catch((closed: unknown) => {
      const cause = reason ?? closed;
      const why = String((cause as Error)?.message ?? cause).replace(/\.$/, '');
      throw new QueueSetupError(
        'unreachable',
        `Could not connect to Redis at ${where}: ${why}. ${/AUTH|PASS/.test(why) ? passwordHint : 'Check that redis-server is running and the host and port are right.'}`,
        { cause },
      );
    });
    const info = await client.info('server').catch((cause: unknown) => {
      // NOAUTH, WRONGPASS, a proxy that is not Redis: connected, but unusable.
      throw new QueueSetupError(
        'unreachable',
        `Redis at ${where} refused to answer: ${(cause as Error)?.message ?? cause}. ${passwordHint}`,
        { cause },
      );
    });
    const version = /redis_version:([\d.]+)/.exec(info)?.[1] ?? '0.0.0';
    if (compareVersions(version, minimumRedisVersion) < 0) {
      throw new QueueSetupError(
        'unsupported_version',
        `Redis at ${where} is version ${version}; queue mode needs Redis ${minimumRedisVersion} or newer.`,
      );
    }
    return { version };
  } finally {
    client.disconnect();
  }
}
