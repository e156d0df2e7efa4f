import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { magicOrders, type ProviderId, type Sandbox, startSandbox } from '../src/index.js';
import { authHeaders, callCancel, cancelRequest } from './support/provider-calls.js';
import {
  compile,
  compileInDocument,
  jsonBlocks,
  jsonObjectStartingWith,
  type OpenApiDocument,
  openApiDocument,
  operation,
  readSpec,
  responseValidator,
  schemaOfExample,
} from './support/spec-documents.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimits: false });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

/** Every ID the sandbox documents for a provider: demo orders and magic IDs. */
const documentedIds = (provider: ProviderId) => [
  ...sandbox.demoOrders[provider].map((order) => order.id),
  ...magicOrders(provider).map((order) => order.id),
];

function expectValid(validate: ReturnType<typeof compile>, body: unknown) {
  const valid = validate(body);
  expect(validate.errors ?? [], JSON.stringify(body)).toEqual([]);
  expect(valid).toBe(true);
}

/** The answers every provider gives for the same situations, for checking their shapes in one place. */
async function situations(provider: ProviderId) {
  const pending = sandbox.addOrder(provider, { state: 'pending' });
  const blocked = sandbox.addOrder(provider, { state: 'shipped' });
  const template = sandbox.addOrder(provider, { state: 'pending' });
  const flaky = sandbox.addOrder(provider, { state: 'pending' });
  const limited = sandbox.addOrder(provider, { state: 'pending' });
  sandbox.inject(provider, flaky, { type: 'server_error', status: 503 });
  sandbox.inject(provider, limited, { type: 'rate_limit', retryAfter: 1 });
  const refused = sandbox.addOrder(provider, { state: 'pending' });
  sandbox.inject(provider, refused, { type: 'reject' });
  const answers = {
    cancelled: await callCancel(sandbox, provider, pending),
    alreadyCancelled: await callCancel(sandbox, provider, pending),
    notCancellable: await callCancel(sandbox, provider, blocked),
    notFound: await callCancel(sandbox, provider, `${template.slice(0, -4)}ffff`),
    noCredentials: await callCancel(sandbox, provider, pending, {
      headers: Object.fromEntries(
        Object.keys(authHeaders(sandbox, provider)).map((name) => [name, undefined]),
      ),
    }),
    serverError: await callCancel(sandbox, provider, flaky),
    rateLimited: await callCancel(sandbox, provider, limited),
    rejected: await callCancel(sandbox, provider, refused),
  };
  return answers;
}

/** Checks that the request the tests send is the documented one: path template and method. */
function expectDocumentedRoute(document: OpenApiDocument, provider: ProviderId, template: string) {
  const { method, url } = cancelRequest(sandbox, provider, documentedIds(provider)[0]!);
  const path = url.slice(sandbox.baseUrls[provider].length);
  const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  expect(path).toMatch(pattern);
  expect(operation(document, template, method.toLowerCase())).toBeDefined();
  const schemes = document.components?.securitySchemes ?? {};
  const headerNames = Object.keys(authHeaders(sandbox, provider));
  for (const scheme of Object.values(schemes)) expect(headerNames).toContain(scheme.name!.toLowerCase());
}

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
    const failures = [
      answers.alreadyCancelled,
      answers.notCancellable,
      answers.notFound,
      answers.noCredentials,
      answers.serverError,
      answers.rateLimited,
      answers.rejected,
    ];
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
    for (const answer of [
      answers.alreadyCancelled,
      answers.notCancellable,
      answers.notFound,
      answers.noCredentials,
      answers.serverError,
      answers.rateLimited,
      answers.rejected,
    ]) {
      expectValid(nestError, answer.json);
      expect((answer.json as { statusCode: number }).statusCode).toBe(answer.status);
    }
    expect(answers.noCredentials.status).toBe(401);
  });
});

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
    for (const answer of [
      answers.alreadyCancelled,
      answers.notCancellable,
      answers.notFound,
      answers.noCredentials,
      answers.serverError,
      answers.rateLimited,
      answers.rejected,
    ]) {
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
    for (const answer of Object.values(answers).filter((a) => a.status >= 400)) {
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
