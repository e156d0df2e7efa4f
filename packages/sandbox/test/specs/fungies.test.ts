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
  compileInDocument,
  openApiDocument,
  operation,
  responseValidator,
} from '../support/spec-documents.js';

useSandbox();

describe('Fungies, against the OpenAPI document in fungies.md', () => {
  const document = openApiDocument('fungies');
  const path = '/v0/orders/{orderIdOrNumber}/cancel';

  it('serves the documented method, path and both key headers', () => {
    expectDocumentedRoute(document, 'fungies', path);
  });

  it('uses IDs of the documented formats (UUID or order number) for every demo order and magic ID', () => {
    const parameter = operation(document, path, 'patch').parameters!.find(
      (item) => item.name === 'orderIdOrNumber',
    )!;
    const validate = compileInDocument(document, parameter.schema);
    for (const id of documentedIds('fungies')) expectValid(validate, id);
  });

  it('answers success with the documented positive response, every error with the negative one', async () => {
    const positive = responseValidator(document, path, 'patch', 200);
    const negative = responseValidator(document, path, 'patch', 400);
    const answers = await situations('fungies');
    expect(answers.cancelled.status).toBe(200);
    expectValid(positive, answers.cancelled.json);
    expect(answers.cancelled.json).toMatchObject({ data: { order: { status: 'CANCELLED' } } });
    expect([answers.alreadyCancelled.status, answers.notCancellable.status]).toEqual([400, 400]);
    expect(answers.noCredentials.status).toBe(401);
    for (const answer of answers.failures) {
      expectValid(negative, answer.json);
    }
  });

  it('finds an order by number, with the # percent-encoded, and answers a malformed ID with 400', async () => {
    const negative = responseValidator(document, path, 'patch', 400);
    const answer = await callCancel(sandbox, 'fungies', '#SANDBOX00001');
    expect(answer.status).toBe(200);
    expectValid(responseValidator(document, path, 'patch', 200), answer.json);
    const malformed = await callCancel(sandbox, 'fungies', 'short');
    expect(malformed.status).toBe(400);
    expectValid(negative, malformed.json);
  });
});
