import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import type { CancelEvent } from '@cancel/core';
import { type ProviderId, providerIds } from '@cancel/sandbox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientFor, fastRetries, secretOptions, successOutcome, testKeyPrefixes } from './support/clients.js';
import { requestsTo, useSandbox } from './support/use-sandbox.js';

// The contract at the edges (issue 11), end to end against the sandbox: hostile answers, odd values, slow sources.
const sandbox = useSandbox();

const keyCharacters = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-');
const shown = (value: unknown) =>
  `${JSON.stringify(value)}\n${inspect(value, { depth: 12, showHidden: true })}`;

/** The sandbox's real answer, with every request header value the client sent echoed in `x-request-id`. */
const echoingFetch: typeof fetch = async (url, init) => {
  const answer = await fetch(url, init);
  const headers = new Headers(answer.headers);
  headers.set('x-request-id', [...new Headers(init?.headers).values()].join(' '));
  return new Response(answer.body, { status: answer.status, headers });
};

/** The sandbox's real answer in the shape node-fetch 2 gives it: a Node stream as the body. */
const nodeFetchStyle = (async (url: string, init: RequestInit) => {
  const answer = await fetch(url, init);
  const body = answer.body ? Readable.fromWeb(answer.body as never) : null;
  return { status: answer.status, ok: answer.ok, headers: answer.headers, body };
}) as unknown as typeof fetch;

const pendingOrder = (provider: ProviderId) => sandbox().addOrder(provider, { state: 'pending' });

describe.each(providerIds)('%s at the edges', (provider) => {
  it('never shows a key the server echoes in a response header', async () => {
    const keys = fc.record(
      Object.fromEntries(
        secretOptions[provider].map((option) => [
          option,
          fc
            .string({ unit: keyCharacters, minLength: 16, maxLength: 40 })
            .map((suffix) => testKeyPrefixes[provider][option] + suffix),
        ]),
      ),
    );
    await fc.assert(
      fc.asyncProperty(keys, async (secrets) => {
        const events: CancelEvent[] = [];
        const onEvent = (event: CancelEvent) => void events.push(event);
        const client = clientFor(sandbox(), provider, { ...secrets, fetch: echoingFetch, onEvent });
        const result = await client.cancelOrder(pendingOrder(provider));
        const report = await client.cancelOrders([pendingOrder(provider), pendingOrder(provider)]);
        expect(result).toMatchObject({ ok: true, value: { outcome: successOutcome(provider) } });
        for (const secret of Object.values(secrets)) {
          expect(shown([result, report, events])).not.toContain(secret);
        }
        expect(shown(result)).toContain('[REDACTED]');
      }),
      { numRuns: 8 },
    );
  });

  it.each(secretOptions[provider])(
    'a %s holding a character beyond Latin-1 is invalid_input, nothing sent',
    async (option) => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('\u200b', 'е', 'ß\u0301', '—', '\u2028'), async (character) => {
          sandbox().reset();
          const value = `${testKeyPrefixes[provider][option]}abc${character}def123`;
          const result = await clientFor(sandbox(), provider, { [option]: value }).cancelOrder(
            pendingOrder(provider),
          );
          expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', attempts: 0 } });
          expect(!result.ok && result.error.message).toContain(`\`${option}\``);
          expect(shown(result)).not.toContain(value);
          expect(requestsTo(sandbox(), provider)).toBe(0);
        }),
      );
    },
  );

  it.each(['?', '#', '?a=1', ' '])('a base URL ending in %j is invalid_input, nothing sent', async (tail) => {
    const baseUrl = `${sandbox().baseUrls[provider]}${tail}`;
    const result = await clientFor(sandbox(), provider, { baseUrl }).cancelOrder(pendingOrder(provider));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', attempts: 0 } });
    expect(requestsTo(sandbox(), provider)).toBe(0);
  });

  it.each(['soon', '0x10', '1e9', 'Infinity', '-5'])(
    'a 429 with Retry-After %j is retried on the backoff, not after ky’s 30 s maximum',
    async (retryAfter) => {
      const orderId = pendingOrder(provider);
      sandbox().inject(provider, orderId, { type: 'rate_limit', retryAfter, times: 1 });
      const started = Date.now();
      // Pacing off: a 429 without a usable Retry-After also pauses the client's limiter for a second.
      const client = clientFor(sandbox(), provider, { ...fastRetries, rateLimits: false });
      const result = await client.cancelOrder(orderId);
      expect(result).toMatchObject({ ok: true, value: { attempts: 2 } });
      expect(Date.now() - started).toBeLessThan(5_000);
    },
  );

  it('a custom fetch in the node-fetch 2 shape (a Node stream body) is read', async () => {
    const result = await clientFor(sandbox(), provider, { fetch: nodeFetchStyle }).cancelOrder(
      pendingOrder(provider),
    );
    expect(result).toMatchObject({ ok: true, value: { outcome: successOutcome(provider) } });
  });

  it('a credential function that never settles ends at totalTimeoutMs, nothing sent', async () => {
    const [option] = secretOptions[provider];
    const client = clientFor(sandbox(), provider, {
      [option!]: () => new Promise(() => {}),
      totalTimeoutMs: 100,
    });
    const result = await client.cancelOrder(pendingOrder(provider));
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', attempts: 0 } });
    expect(requestsTo(sandbox(), provider)).toBe(0);
  });
});
