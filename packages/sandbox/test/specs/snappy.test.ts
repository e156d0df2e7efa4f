import { describe, expect, it } from 'vitest';
import { documentedIds, expectValid, sandbox, situations, useSandbox } from '../support/conformance.js';
import { callCancel, cancelRequest } from '../support/provider-calls.js';
import { compile, jsonObjectStartingWith, readSpec, schemaOfExample } from '../support/spec-documents.js';

useSandbox();

describe('Snappy, against the example and facts in snappy.md', () => {
  const example = jsonObjectStartingWith('snappy', /\{\s*"data"/) as { data: Record<string, unknown> };
  const orderSchema = compile(schemaOfExample(example, ['metadata']));
  const snappyError = compile({
    type: 'object',
    required: ['status', 'errorCode', 'message'],
    properties: { status: { type: 'integer' }, errorCode: { type: 'string' }, message: { type: 'string' } },
  });
  const idPattern = new RegExp(/Pattern: (\^\S+\$)/.exec(readSpec('snappy'))![1]!);

  it('documents the path and pattern the sandbox serves', () => {
    expect(readSpec('snappy')).toContain('/public-api/v3/orders/{orderId}/cancel');
    const { method, url } = cancelRequest(sandbox, 'snappy', 'G7nR4bD9mK');
    expect(method).toBe('POST');
    expect(new URL(url).pathname).toMatch(/\/public-api\/v3\/orders\/G7nR4bD9mK\/cancel$/);
    for (const id of documentedIds('snappy')) expect(id).toMatch(idPattern);
  });

  it('answers success with {data: order} shaped as the example, cancelled for a customer request', async () => {
    const answers = await situations('snappy');
    expect(answers.cancelled.status).toBe(200);
    expectValid(orderSchema, answers.cancelled.json);
    expect(answers.cancelled.json).toMatchObject({
      data: {
        status: 'cancelled',
        fulfillmentStatus: 'cancelled',
        cancellationDetails: { cancellationReason: 'customer_requested' },
      },
    });
    const cancelledAt = (answers.cancelled.json as typeof example).data.cancellationDetails as {
      cancelledAt: string;
    };
    expect(new Date(cancelledAt.cancelledAt).toISOString()).toBe(cancelledAt.cancelledAt);
  });

  it('answers errors with {status, errorCode, message}: 404 unknown, 422 already cancelled or in transit', async () => {
    const answers = await situations('snappy');
    expect(answers.notFound.status).toBe(404);
    expect(answers.alreadyCancelled.status).toBe(422);
    expect(answers.notCancellable.status).toBe(422);
    expect(answers.noCredentials.status).toBe(401);
    for (const answer of answers.failures.filter((a) => a.status >= 400)) {
      expectValid(snappyError, answer.json);
      expect((answer.json as { status: number }).status).toBe(answer.status);
    }
    // The errorCode tells which refusal it is.
    expect((answers.alreadyCancelled.json as { errorCode: string }).errorCode).not.toBe(
      (answers.notCancellable.json as { errorCode: string }).errorCode,
    );
  });

  it('answers an ID outside the documented pattern with a validation error', async () => {
    const answer = await callCancel(sandbox, 'snappy', 'short');
    expect(answer.status).toBe(400);
    expectValid(snappyError, answer.json);
  });
});
