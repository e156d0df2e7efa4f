export type { BulkCounts, CancelError, Cancellation, Outcome, RateLimit, Result } from '@cancel/core';
export {
  type CancelQueue,
  type CancelQueueOptions,
  createCancelQueue,
  type RunSummary,
} from './cancel-queue.js';
export { type CancelWorker, type CancelWorkerOptions, runCancelWorker } from './cancel-worker.js';
export {
  checkRedis,
  minimumRedisVersion,
  QueueSetupError,
  type QueueSetupProblem,
  type RedisConnection,
} from './connection.js';
export type { CancelJobData, EnqueueReport } from './enqueue.js';
export type { QueuedEntry } from './entry.js';
export { type QueueLimiter, queueLimiter } from './limits.js';
export type { OrderRef, OrderRefSource } from './order-ref.js';
