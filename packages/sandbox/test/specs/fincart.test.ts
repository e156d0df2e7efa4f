import { describe, expect, it } from 'vitest';
import { expectValid, sandbox, situations, useSandbox } from '../support/conformance.js';
import { callCancel, cancelRequest } from '../support/provider-calls.js';
import { compile, jsonBlocks, schemaOfExample } from '../support/spec-documents.js';

useSandbox();

describe('Fincart, against the examples in fincart.md', () => {
  const [requestExample, successExample, forbiddenExample] = jsonBlocks('fincart') as [
    unknown,
    unknown,
    Record<string, unknown>,
  ];

  it('takes the documented request body', () => {
    const request = cancelRequest(sandbox, 'fincart', ['a1', 'b2']);
    expectValid(compile(schemaOfExample(requestExample)), JSON.parse(request.body!));
    expect(new URL(request.url).pathname.endsWith('/v4/orders/cancel')).toBe(true);
    expect(request.headers.authorization).toBe(sandbox.credentials.fincart.token);
  });

  it('answers a cancelled batch with exactly the documented 200 body', async () => {
    const ids = [
      sandbox.addOrder('fincart', { state: 'pending' }),
      sandbox.addOrder('fincart', { state: 'pending' }),
    ];
    const answer = await callCancel(sandbox, 'fincart', ids);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(successExample);
  });

  it('answers bad credentials with the documented 403 body', async () => {
    const answer = await callCancel(sandbox, 'fincart', ['x1'], { headers: { authorization: 'wrong' } });
    expect(answer.status).toBe(403);
    expectValid(compile(schemaOfExample(forbiddenExample)), answer.json);
    const { timestamp: _timestamp, ...fixed } = forbiddenExample;
    expect(answer.json).toMatchObject(fixed);
  });

  it('answers its undocumented refusals in the same shape as the 403', async () => {
    const shape = compile(schemaOfExample(forbiddenExample));
    const answers = await situations('fincart');
    for (const answer of [
      answers.alreadyCancelled,
      answers.notCancellable,
      answers.notFound,
      answers.serverError,
    ]) {
      expectValid(shape, answer.json);
      expect((answer.json as { statusCode: number }).statusCode).toBe(answer.status);
    }
  });
});
