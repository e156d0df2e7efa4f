import { CancelError, type CancelErrorCode, isRetryableCode } from '@cancel/core';
import { type Fault, providerIds } from '@cancel/sandbox';
import { describe, expect, it } from 'vitest';
import { clientFor, successOutcome } from './support/clients.js';
import { useTrapServer } from './support/trap-server.js';
import { useSandbox } from './support/use-sandbox.js';

const sandbox = useSandbox();
const trap = useTrapServer();

// Short timeouts and backoff: every fault must resolve well inside its budget.
const settings = { timeoutMs: 300, retries: 2, retryDelayMs: 5, maxRetryDelayMs: 20 };
const budgetMs = 5_000;

interface Row {
  readonly name: string;
  readonly fault: Fault;
  /** An error code, or `success` for the provider's success outcome, or an outcome. */
  readonly expect: CancelErrorCode | 'success' | 'already_cancelled';
  readonly attempts: number;
  /** Whether the sandbox moved the order to cancelled. */
  readonly cancelled: boolean;
}

const matrix: readonly Row[] = [
  {
    name: 'a short delay',
    fault: { type: 'delay', ms: 50 },
    expect: 'success',
    attempts: 1,
    cancelled: true,
  },
  {
    name: 'a delay past the timeout on every attempt',
    fault: { type: 'delay', ms: 2_000 },
    expect: 'timeout',
    attempts: 3,
    cancelled: true,
  },
  // The first attempt cancelled the order; the retry hears "already cancelled", which is success.
  {
    name: 'one delay past the timeout, then a normal answer',
    fault: { type: 'delay', ms: 2_000, times: 1 },
    expect: 'already_cancelled',
    attempts: 2,
    cancelled: true,
  },
  { name: 'a hang', fault: { type: 'hang' }, expect: 'timeout', attempts: 3, cancelled: false },
  {
    name: 'a connection reset on every attempt',
    fault: { type: 'reset' },
    expect: 'network',
    attempts: 3,
    cancelled: false,
  },
  {
    name: 'one connection reset',
    fault: { type: 'reset', times: 1 },
    expect: 'success',
    attempts: 2,
    cancelled: true,
  },
  {
    name: '503 twice, then success',
    fault: { type: 'server_error', status: 503, times: 2 },
    expect: 'success',
    attempts: 3,
    cancelled: true,
  },
  {
    name: '500 on every attempt',
    fault: { type: 'server_error', status: 500 },
    expect: 'provider_error',
    attempts: 3,
    cancelled: false,
  },
  {
    name: '429 once with Retry-After: 0',
    fault: { type: 'rate_limit', retryAfter: 0, times: 1 },
    expect: 'success',
    attempts: 2,
    cancelled: true,
  },
  {
    name: '429 on every attempt with Retry-After: 0',
    fault: { type: 'rate_limit', retryAfter: 0 },
    expect: 'rate_limited',
    attempts: 3,
    cancelled: false,
  },
  {
    name: '429 with Retry-After: 120, beyond the cap',
    fault: { type: 'rate_limit', retryAfter: 120 },
    expect: 'rate_limited',
    attempts: 1,
    cancelled: false,
  },
  {
    name: '429 with an HTTP-date Retry-After an hour away',
    fault: { type: 'rate_limit', retryAfter: new Date(Date.now() + 3_600_000).toUTCString() },
    expect: 'rate_limited',
    attempts: 1,
    cancelled: false,
  },
  {
    name: 'a 409 refusal',
    fault: { type: 'reject', status: 409 },
    expect: 'rejected',
    attempts: 1,
    cancelled: false,
  },
  { name: 'HTML on 200', fault: { type: 'html' }, expect: 'invalid_response', attempts: 1, cancelled: false },
  {
    name: 'truncated JSON on 200',
    fault: { type: 'truncated_json' },
    expect: 'invalid_response',
    attempts: 1,
    cancelled: true,
  },
  {
    name: 'an endless body',
    fault: { type: 'endless_body' },
    expect: 'invalid_response',
    attempts: 1,
    cancelled: true,
  },
  {
    name: 'a redirect to another origin',
    fault: { type: 'redirect' },
    expect: 'invalid_response',
    attempts: 1,
    cancelled: false,
  },
];

describe.each(providerIds)('%s fault matrix', (provider) => {
  it.each(matrix)('$name → $expect, within the budget, never a throw', async (row) => {
    const id = sandbox().addOrder(provider, { state: 'pending' });
    const fault =
      row.fault.type === 'redirect' ? { ...row.fault, location: `${trap.url()}/stolen` } : row.fault;
    sandbox().inject(provider, id, fault);
    const client = clientFor(sandbox(), provider, settings);
    const started = Date.now();
    const result = await client.cancelOrder(id);
    expect(Date.now() - started).toBeLessThan(budgetMs);

    if (row.expect === 'success' || row.expect === 'already_cancelled') {
      const outcome = row.expect === 'success' ? successOutcome(provider) : row.expect;
      expect(result, JSON.stringify(result)).toMatchObject({
        ok: true,
        value: { outcome, attempts: row.attempts },
      });
    } else {
      expect(result.ok, JSON.stringify(result)).toBe(false);
      if (result.ok) return;
      expect(CancelError.isInstance(result.error)).toBe(true);
      expect(result.error).toMatchObject({
        code: row.expect,
        provider,
        orderId: id,
        attempts: row.attempts,
        retryable: isRetryableCode(row.expect),
      });
    }
    expect(sandbox().stateChanges(provider, id)).toBe(row.cancelled ? 1 : 0);
    // Credentials never followed a redirect: nothing reached the other origin.
    expect(trap.hits).toEqual([]);
  });
});
