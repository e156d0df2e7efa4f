/**
 * Every Redis key and job ID this package writes, in one place. BullMQ's own keys are `<prefix>:<provider>:…`;
 * a run's bookkeeping is `<prefix>:run:<runId>:…`. With a prefix in braces (`{cancel}`), every key hashes to
 * one Redis Cluster slot, which BullMQ's scripts and ours need.
 */
export const defaultPrefix = 'cancel';

// BullMQ refuses job IDs containing `:`, and `|` separates the parts below; percent-encoding removes both.
const encode = encodeURIComponent;

export interface RunKeys {
  /** Hash: counters, per-provider totals and outcomes, whether enqueuing finished. */
  readonly meta: string;
  /** Hash: `<provider> <orderId>` → the order's index in the run, `d<index>` once finished. */
  readonly orders: string;
  /** Stream: one entry per finished order, in the order they finished. */
  readonly results: string;
}

export function runKeys(prefix: string, runId: string): RunKeys {
  const base = `${prefix}:run:${encode(runId)}`;
  return { meta: `${base}:meta`, orders: `${base}:orders`, results: `${base}:results` };
}

/** Where workers publish what they know of each provider (batch size, limit) for producers to read. */
export const providersKey = (prefix: string) => `${prefix}:providers`;

/** Provider IDs never contain a space, so the first space splits the field again. */
export const orderField = (provider: string, orderId: string) => `${provider} ${orderId}`;

/** One order's job: the same order enqueued again in the same run gets the same ID, which BullMQ ignores. */
export const orderJobId = (runId: string, orderId: string) => `${encode(runId)}|o${encode(orderId)}`;

/** A batch's job, named by the index of its first order. */
export const batchJobId = (runId: string, firstIndex: number) => `${encode(runId)}|b${firstIndex}`;

/** The job-ID prefix of every job of a run. */
export const runJobPrefix = (runId: string) => `${encode(runId)}|`;
