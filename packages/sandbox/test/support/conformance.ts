// What the conformance tests in test/specs/ share: each checks one simulator against its provider's document.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { magicOrders, type ProviderId, type Sandbox, startSandbox } from '../../src/index.js';
import { authHeaders, callCancel, cancelRequest } from './provider-calls.js';
import { type compile, type OpenApiDocument, operation } from './spec-documents.js';

/** The file's sandbox, without rate limits; set by `useSandbox()`. */
export let sandbox: Sandbox;

/** One sandbox for a test file, reset before each test, so every check starts from the seeded orders. */
export function useSandbox(): void {
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: false });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());
}

/** Every ID the sandbox documents for a provider: demo orders and magic IDs. */
export const documentedIds = (provider: ProviderId) => [
  ...sandbox.demoOrders[provider].map((order) => order.id),
  ...magicOrders(provider).map((order) => order.id),
];

export function expectValid(validate: ReturnType<typeof compile>, body: unknown) {
  const valid = validate(body);
  expect(validate.errors ?? [], JSON.stringify(body)).toEqual([]);
  expect(valid).toBe(true);
}

/** The answers every provider gives for the same situations, for checking their shapes in one place. */
export async function situations(provider: ProviderId) {
  // An ID in the provider's own format that the sandbox no longer has: added, then gone with the reset.
  const missing = sandbox.addOrder(provider, { state: 'pending' });
  sandbox.reset();
  const pending = sandbox.addOrder(provider, { state: 'pending' });
  const blocked = sandbox.addOrder(provider, { state: 'shipped' });
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
    notFound: await callCancel(sandbox, provider, missing),
    noCredentials: await callCancel(sandbox, provider, pending, {
      headers: Object.fromEntries(
        Object.keys(authHeaders(sandbox, provider)).map((name) => [name, undefined]),
      ),
    }),
    serverError: await callCancel(sandbox, provider, flaky),
    rateLimited: await callCancel(sandbox, provider, limited),
    rejected: await callCancel(sandbox, provider, refused),
  };
  const { cancelled: _, ...refusals } = answers;
  // Every answer but the success, in the order above: the ones each provider's error shape must hold for.
  return { ...answers, failures: Object.values(refusals) };
}

/** Checks that the request the tests send is the documented one: path template and method. */
export function expectDocumentedRoute(document: OpenApiDocument, provider: ProviderId, template: string) {
  const { method, url } = cancelRequest(sandbox, provider, documentedIds(provider)[0]!);
  const path = url.slice(sandbox.baseUrls[provider].length);
  const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  expect(path).toMatch(pattern);
  expect(operation(document, template, method.toLowerCase())).toBeDefined();
  const schemes = document.components?.securitySchemes ?? {};
  const headerNames = Object.keys(authHeaders(sandbox, provider));
  for (const scheme of Object.values(schemes)) expect(headerNames).toContain(scheme.name!.toLowerCase());
}
