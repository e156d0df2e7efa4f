import { describe, expect, it } from 'vitest';
import {
  documentedIds,
  expectDocumentedRoute,
  expectValid,
  sandbox,
  situations,
  useSandbox,
} from '../support/conformance.js';
import { callCancel } from '../support/provider-calls.js';
import {
  compile,
  compileInDocument,
  openApiDocument,
  operation,
  responseValidator,
} from '../support/spec-documents.js';

useSandbox();

describe('Zinc, against the OpenAPI document in zinc.md', () => {
  const document = openApiDocument('zinc');
  const path = '/orders/{order_id}/cancel';
  const zincError = compile({
    type: 'object',
    required: ['code', 'message', 'details'],
    properties: { code: { type: 'string' }, message: { type: 'string' } },
  });
  // The codes Zinc documents besides its transport-level ones (rate limit, server errors).
  const documentedCodes = [
    'not_found',
    'validation_error',
    'unauthorized',
    'forbidden',
    'invalid_token',
    'token_expired',
    'order_not_cancellable',
  ];

  it('serves the documented method, path and auth header', () => {
    expectDocumentedRoute(document, 'zinc', path);
  });

  it('uses IDs of the documented format (UUID) for every demo order and magic ID', () => {
    const parameter = operation(document, path, 'post').parameters!.find((item) => item.name === 'order_id')!;
    const validate = compileInDocument(document, parameter.schema);
    for (const id of documentedIds('zinc')) expectValid(validate, id);
  });

  it('answers 204 with no body on success, and {code, message, details} otherwise', async () => {
    const answers = await situations('zinc');
    expect(answers.cancelled.status).toBe(204);
    expect(answers.cancelled.text).toBe('');
    const { failures } = answers;
    for (const answer of failures) expectValid(zincError, answer.json);
    for (const answer of failures.slice(0, 4)) {
      expect(documentedCodes).toContain((answer.json as { code: string }).code);
    }
    expect((answers.notCancellable.json as { code: string }).code).toBe('order_not_cancellable');
  });

  it('answers a non-UUID order ID with the documented 422 HTTPValidationError', async () => {
    const answer = await callCancel(sandbox, 'zinc', 'not-a-uuid');
    expect(answer.status).toBe(422);
    expectValid(responseValidator(document, path, 'post', 422), answer.json);
  });
});
