import type * as QueueModule from '@cancel/bullmq';
import { UsageError } from './usage-error.js';

export type QueueMode = typeof QueueModule;

/**
 * @cancel/bullmq (and bullmq, ioredis under it) is loaded only by queue mode, so a local run starts as fast as
 * before. Redis is checked before anything is read or enqueued: a bad URL, an unreachable Redis or an old one
 * is a usage error (exit 2) that says what to fix.
 */
export async function openQueueMode(url: string): Promise<QueueMode> {
  const queueMode = await import('@cancel/bullmq');
  try {
    await queueMode.checkRedis(url);
  } catch (error) {
    if (!(error instanceof queueMode.QueueSetupError)) throw error;
    throw new UsageError(`--queue: ${error.message} Nothing was enqueued.`);
  }
  return queueMode;
}

/** `redis://127.0.0.1:6379` without any user name or password in it, for messages. */
export function showQueueUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}
