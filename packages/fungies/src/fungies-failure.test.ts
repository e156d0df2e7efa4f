import { expectFailure } from '@cancel/core/testing';
import { describe, expect, it } from 'vitest';
import {
  cancelled,
  fakeFungies,
  fungiesError,
  orderUuid,
  publicKey,
  secretKey,
} from '../test/fungies-fake.js';
import { createFungies } from './create-fungies.js';

async function cancelWith(answer: { status: number; body?: unknown }) {
  const fake = fakeFungies(() => answer);
  return createFungies({ publicKey, secretKey, fetch: fake.fetch, retryDelayMs: 1 }).cancelOrder(orderUuid);
}

async function errorFor(answer: { status: number; body?: unknown }) {
  return expectFailure(await cancelWith(answer));
}

describe('a refusal from Fungies', () => {
  it('is rejected for the documented 400, with its message shown and its body on details', async () => {
    const answer = fungiesError(400, 'Sample error message');
    const error = await errorFor(answer);
    expect(error).toMatchObject({ code: 'rejected', status: 400, retryable: false, orderId: orderUuid });
    expect(error.message).toContain('Sample error message');
    expect(error.details).toEqual(answer.body);
  });

  it.each([
    ['Order with status REFUNDED cannot be cancelled', 'REFUNDED'],
    ['Cannot cancel an order that is EXPIRED', 'EXPIRED'],
    ['Only unpaid orders can be cancelled', undefined],
  ])('is not_cancellable when the message says the state forbids it: %s', async (message, reason) => {
    const error = await errorFor(fungiesError(400, message));
    expect(error.code).toBe('not_cancellable');
    expect(error.reason).toBe(reason);
  });

  it('is not_found for a 404, and for a 400 saying the order does not exist', async () => {
    expect((await errorFor(fungiesError(404, 'Not found'))).code).toBe('not_found');
    expect((await errorFor(fungiesError(400, 'Order not found'))).code).toBe('not_found');
  });

  it('is unauthorized for a 401, naming both variables to check', async () => {
    const error = await errorFor(fungiesError(401, 'Unauthorized'));
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, reason: 'missing or invalid key' });
    expect(error.message).toContain('FUNGIES_PUBLIC_KEY');
    expect(error.message).toContain('FUNGIES_SECRET_KEY');
  });

  it('is unauthorized for a 403, with insufficient permissions as the reason', async () => {
    const error = await errorFor(fungiesError(403, 'Forbidden'));
    expect(error).toMatchObject({ code: 'unauthorized', status: 403 });
    expect(error.reason).toMatch(/insufficient permissions/);
  });
});

describe('an order cancelled before', () => {
  it.each([
    'Order is already cancelled',
    'Order has already been canceled',
    'Order status is CANCELLED',
    'Cannot cancel order: already cancelled',
  ])('is the already_cancelled outcome for "%s"', async (message) => {
    const result = await cancelWith(fungiesError(400, message));
    expect(result.ok && result.value.outcome).toBe('already_cancelled');
  });
});

describe('retries', () => {
  it('retries a 503 and succeeds on the second attempt', async () => {
    const fake = fakeFungies((_, attempt) => (attempt === 1 ? { status: 503 } : cancelled));
    const result = await createFungies({
      publicKey,
      secretKey,
      fetch: fake.fetch,
      retryDelayMs: 1,
    }).cancelOrder(orderUuid);
    expect(fake.requests).toHaveLength(2);
    expect(result.ok && result.value).toMatchObject({ outcome: 'cancelled', attempts: 2 });
  });

  it('counts an already-cancelled answer after a failed attempt as success', async () => {
    const fake = fakeFungies((_, attempt) =>
      attempt === 1 ? new TypeError('fetch failed') : fungiesError(400, 'Order is already cancelled'),
    );
    const result = await createFungies({
      publicKey,
      secretKey,
      fetch: fake.fetch,
      retryDelayMs: 1,
    }).cancelOrder(orderUuid);
    expect(result.ok && result.value).toMatchObject({ outcome: 'already_cancelled', attempts: 2 });
  });
});
