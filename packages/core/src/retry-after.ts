// RFC 9110: delay-seconds is digits only (a fraction is tolerated, as servers send it); an HTTP date, in any of its
// three forms, has exactly one time of day. Anything else is unreadable, `Date.parse`'s guesses included ("2, 5" is a
// date to it), and so are two dates, as two headers that disagree arrive joined by a comma.
const seconds = /^\d+(?:\.\d+)?$/;
const timeOfDay = /\d\d:\d\d:\d\d/g;

/**
 * Milliseconds from one `Retry-After` value, delay-seconds or an HTTP date; undefined when absent or unreadable
 * (`soon`, `0x10`, `1e9`, `Infinity`, a negative number, two values). Never negative: a date in the past is 0.
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  const value = header?.trim() ?? '';
  if (seconds.test(value)) return finite(Number(value) * 1000);
  if (value.match(timeOfDay)?.length !== 1) return undefined;
  // asctime (`Sun Nov  6 08:49:37 1994`) names no zone; HTTP dates are all GMT.
  const date = Date.parse(/[A-Z]$/.test(value) ? value : `${value} GMT`);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const finite = (ms: number) => (Number.isFinite(ms) ? Math.round(ms) : undefined);

/**
 * The one reading of how long an answer asks to wait, in ms: `Retry-After`, else, on a 429, `RateLimit-Reset`
 * (seconds) or `X-RateLimit-Reset` (seconds, or a Unix time in seconds as GitHub sends it). A present but unreadable
 * `Retry-After` decides alone: there is then no usable wait, and the backoff applies.
 */
export function retryAfterFrom(status: number, headers: Headers, now?: number): number | undefined {
  // A success asks for no wait; skipping its headers saves every cancel a lookup.
  if (status < 300) return undefined;
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null || status !== 429) return parseRetryAfter(retryAfter, now);
  const reset = (headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset'))?.trim();
  if (!reset || !/^\d+$/.test(reset)) return undefined;
  const value = Number(reset);
  // No delay is 30 years long: a number that large is a point in time.
  return finite(value > 1e9 ? Math.max(0, value * 1000 - (now ?? Date.now())) : value * 1000);
}
