import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CancelEvent } from '../src/index.js';
import { recordingFetch } from '../src/testing.js';
import { createExample, secretKey } from './helpers.js';

function everyView(value: unknown): string {
  return [JSON.stringify(value), inspect(value, { depth: 10, showHidden: true }), String(value)].join('\n');
}

describe('secrets never leave the client', () => {
  it('are not in a logged or serialised client', () => {
    const client = createExample({ apiKey: secretKey });
    expect(everyView(client)).not.toContain(secretKey);
    expect(inspect(client)).toContain('example');
  });

  it('are redacted from errors, details and events, even when the provider echoes the key', async () => {
    const events: CancelEvent[] = [];
    const { fetch } = recordingFetch((request) => ({
      status: 401,
      body: { message: `invalid key ${request.headers.authorization}`, echo: { [secretKey]: secretKey } },
    }));
    const result = await createExample({ fetch, onEvent: (event) => events.push(event) }).cancelOrder('A1');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('unauthorized');
    expect(result.error.message).toContain('[REDACTED]');
    expect(everyView(result)).not.toContain(secretKey);
    expect(everyView(result.error)).not.toContain(secretKey);
    expect(everyView(events)).not.toContain(secretKey);
    expect(events.find((event) => event.type === 'request')).toMatchObject({
      headers: { authorization: 'Bearer [REDACTED]' },
    });
  });

  it('are redacted from a successful raw body', async () => {
    const { fetch } = recordingFetch(() => ({ status: 200, body: { cancelled: true, by: secretKey } }));
    const result = await createExample({ fetch }).cancelOrder('A1');
    expect(result).toMatchObject({ ok: true, value: { raw: { by: '[REDACTED]' } } });
  });

  it('do not travel in the cause of a network error', async () => {
    const { fetch } = recordingFetch(() => {
      const error = new TypeError('fetch failed');
      (error as { cause?: unknown }).cause = Object.assign(
        new Error(`connect ECONNREFUSED (key ${secretKey})`),
        {
          code: 'ECONNREFUSED',
        },
      );
      return error;
    });
    const result = await createExample({ fetch, retries: 0 }).cancelOrder('A1');
    expect(!result.ok && result.error.code).toBe('network');
    expect(everyView(result)).not.toContain(secretKey);
    expect(inspect(!result.ok && result.error.cause)).not.toContain(secretKey);
  });
});

describe('events', () => {
  it('report every attempt: request, response and retry, in order', async () => {
    const events: CancelEvent[] = [];
    const { fetch } = recordingFetch((_request, attempt) =>
      attempt === 1 ? { status: 503, body: {} } : { status: 200, body: { cancelled: true } },
    );
    await createExample({ fetch, onEvent: (event) => events.push(event) }).cancelOrder('A1');
    const attemptEvents = events.filter((event) => 'attempt' in event);
    expect(attemptEvents.map((event) => `${event.type}:${event.attempt}`)).toEqual([
      'request:1',
      'response:1',
      'retry:1',
      'request:2',
      'response:2',
    ]);
    expect(attemptEvents[2]).toMatchObject({ reason: 'HTTP 503', orderIds: ['A1'] });
  });

  it('a throwing listener does not change the outcome', async () => {
    const { fetch } = recordingFetch(() => ({ status: 200, body: { cancelled: true } }));
    const result = await createExample({
      fetch,
      onEvent: () => {
        throw new Error('listener bug');
      },
    }).cancelOrder('A1');
    expect(result.ok).toBe(true);
  });
});
