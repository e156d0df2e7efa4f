import { deadline } from './deadline.js';

export type BodyRead =
  | { readonly text: string }
  | { readonly unread: 'too_large' | 'timeout' | 'aborted' | 'unreadable' };

const ignore = () => {};

/** Lets go of a body that will not be read, a web stream or a Node one. */
export function discardBody(response: Response): void {
  const body = response.body as (ReadableStream & { destroy?: () => void }) | null;
  if (body?.cancel) body.cancel().catch(ignore);
  else body?.destroy?.();
}

/**
 * Reads a response body as text, stopping at `maxBytes`, at the deadline and when `signal` aborts: a huge or endless
 * body from a misbehaving server must end the call as a clear error, never exhaust memory or hang. A response
 * without a body needs no reading, and is not passed here.
 */
export async function readBody(
  response: Response,
  maxBytes: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<BodyRead> {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    discardBody(response);
    return { unread: 'too_large' };
  }
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    // node-fetch 2, still common behind proxies, answers with a Node stream as the body; Node's Response reads one.
    const body = response.body as ReadableStream<Uint8Array>;
    reader = ('getReader' in body ? body : new Response(body).body!).getReader();
  } catch {
    return { unread: 'unreadable' };
  }
  const { stopped, clear } = deadline(timeoutMs, signal);
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  try {
    for (;;) {
      const chunk = await Promise.race([reader.read(), stopped]);
      if ('stop' in chunk) return { unread: chunk.stop };
      if (chunk.done) return { text: text + decoder.decode() };
      total += chunk.value.byteLength;
      if (total > maxBytes) return { unread: 'too_large' };
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch {
    return { unread: signal?.aborted ? 'aborted' : 'unreadable' };
  } finally {
    clear();
    reader.cancel().catch(ignore);
  }
}
