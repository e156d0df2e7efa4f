import type { CancelError } from './cancel-error.js';
import type { Cancellation } from './cancellation.js';
import type { Result } from './result.js';

/** A request as the provider would receive it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The body parsed as JSON, or undefined. */
  readonly json: unknown;
}

export type FakeAnswer =
  | Response
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | Error;

/**
 * A fetch for tests that records every request and answers from `respond`, called with the request and the
 * attempt number (1-based). Plain objects become JSON responses; an Error is thrown as a network failure.
 */
export function recordingFetch(
  respond: (request: RecordedRequest, attempt: number) => FakeAnswer | Promise<FakeAnswer>,
) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = await request.text();
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body,
      json,
    };
    requests.push(recorded);
    const answer = await respond(recorded, requests.length);
    if (answer instanceof Error) throw answer;
    if (answer instanceof Response) return answer;
    const text =
      answer.body === undefined
        ? null
        : typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body);
    return new Response(text, {
      status: answer.status,
      headers: {
        ...(typeof answer.body === 'object' ? { 'content-type': 'application/json' } : {}),
        ...answer.headers,
      },
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

/** The error of a result that must be a failure; a success (or no result) throws, which fails the test. */
export function expectFailure(result: Result<Cancellation> | undefined): CancelError {
  if (result === undefined) throw new Error('expected a failure, got no result');
  if (result.ok)
    throw new Error(`expected a failure, got ${result.value.outcome}: ${JSON.stringify(result)}`);
  return result.error;
}
