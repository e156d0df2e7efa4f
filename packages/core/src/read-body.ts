export type BodyRead =
  | { readonly text: string }
  | { readonly problem: 'too_large' | 'timeout' | 'unreadable' };

/**
 * Reads a response body as text, stopping at `maxBytes` and at the deadline: a huge or endless body from a
 * misbehaving server must end the call as a clear error, never exhaust memory or hang. A response without a body
 * needs no reading, and is not passed here.
 */
export async function readBody(
  response: Response & { body: ReadableStream<Uint8Array> },
  maxBytes: number,
  timeoutMs: number,
): Promise<BodyRead> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel().catch(() => {});
    return { problem: 'too_large' };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    for (;;) {
      const chunk = await Promise.race([reader.read(), deadline]);
      if (chunk === 'timeout') return { problem: 'timeout' };
      if (chunk.done) return { text: text + decoder.decode() };
      total += chunk.value.byteLength;
      if (total > maxBytes) return { problem: 'too_large' };
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch {
    return { problem: 'unreadable' };
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
}
