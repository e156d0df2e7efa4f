import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryAfterFrom } from './retry-after.js';

const now = Date.parse('2026-12-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (seconds) => {
        expect(parseRetryAfter(String(seconds), now)).toBe(seconds * 1000);
        expect(parseRetryAfter(` ${seconds} `, now)).toBe(seconds * 1000);
      }),
    );
  });

  it('reads an HTTP date in each of its three forms, and a past one as 0', () => {
    expect(parseRetryAfter('Tue, 01 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tuesday, 01-Dec-26 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue Dec  1 12:00:30 2026', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(0);
  });

  it.each([
    'NaN',
    'soon',
    '0x10',
    '1e9',
    'Infinity',
    '-5',
    '-0.5',
    '2, 5',
    '2,5',
    'Tue, 01 Dec 2026 12:00:30 GMT, Tue, 01 Dec 2026 12:05:00 GMT',
    '9'.repeat(400),
    '',
  ])('finds no usable Retry-After in %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it('never returns a negative, infinite or NaN wait, whatever the header says', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.double().map(String),
          fc.date().map((d) => d.toUTCString()),
        ),
        (value) => {
          const ms = parseRetryAfter(value, now);
          if (ms !== undefined) {
            expect(Number.isFinite(ms)).toBe(true);
            expect(ms).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});

describe('retryAfterFrom', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it('takes Retry-After on any answer, the reset headers only on a 429', () => {
    expect(retryAfterFrom(503, headers({ 'retry-after': '3' }), now)).toBe(3_000);
    expect(retryAfterFrom(429, headers({ 'ratelimit-reset': '7' }), now)).toBe(7_000);
    expect(retryAfterFrom(429, headers({ 'x-ratelimit-reset': '7' }), now)).toBe(7_000);
    expect(retryAfterFrom(200, headers({ 'x-ratelimit-reset': '7' }), now)).toBeUndefined();
    // A success asks for no wait, whatever its headers say.
    expect(retryAfterFrom(200, headers({ 'retry-after': '3' }), now)).toBeUndefined();
  });

  it('reads a Unix time in X-RateLimit-Reset as GitHub sends it', () => {
    expect(retryAfterFrom(429, headers({ 'x-ratelimit-reset': String(now / 1000 + 42) }), now)).toBe(42_000);
    expect(retryAfterFrom(429, headers({ 'x-ratelimit-reset': String(now / 1000 - 42) }), now)).toBe(0);
  });

  it('lets an unreadable Retry-After decide alone: no usable wait', () => {
    expect(
      retryAfterFrom(429, headers({ 'retry-after': 'soon', 'ratelimit-reset': '7' }), now),
    ).toBeUndefined();
    expect(retryAfterFrom(429, headers({ 'ratelimit-reset': '-7' }), now)).toBeUndefined();
  });

  it('finds two Retry-After headers that disagree unusable', () => {
    const twice = new Headers();
    twice.append('retry-after', '2');
    twice.append('retry-after', '120');
    expect(retryAfterFrom(429, twice, now)).toBeUndefined();
  });
});
