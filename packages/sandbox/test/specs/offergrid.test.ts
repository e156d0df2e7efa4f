import { describe, expect, it } from 'vitest';
import { expectDocumentedRoute, expectValid, situations, useSandbox } from '../support/conformance.js';
import { compile, openApiDocument, operation } from '../support/spec-documents.js';

useSandbox();

describe('OfferGrid, against the OpenAPI document in offergrid.md', () => {
  const document = openApiDocument('offergrid');
  const path = '/reseller/orders/{id}/cancel';
  const nestError = compile({
    type: 'object',
    required: ['statusCode', 'message'],
    properties: {
      statusCode: { type: 'integer' },
      message: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      error: { type: 'string' },
    },
  });

  it('serves the documented method, path and auth header', () => {
    expectDocumentedRoute(document, 'offergrid', path);
  });

  it('answers with the documented statuses (200, 400, 404) and NestJS error bodies', async () => {
    const documented = Object.keys(operation(document, path, 'patch').responses).map(Number);
    const answers = await situations('offergrid');
    expect(documented).toEqual(expect.arrayContaining([200, 400, 404]));
    expect(answers.cancelled.status).toBe(200);
    expect(answers.notCancellable.status).toBe(400);
    expect(answers.alreadyCancelled.status).toBe(400);
    expect(answers.notFound.status).toBe(404);
    for (const status of [answers.cancelled, answers.notCancellable, answers.notFound].map((a) => a.status)) {
      expect(documented).toContain(status);
    }
    for (const answer of answers.failures) {
      expectValid(nestError, answer.json);
      expect((answer.json as { statusCode: number }).statusCode).toBe(answer.status);
    }
    expect(answers.noCredentials.status).toBe(401);
  });
});
