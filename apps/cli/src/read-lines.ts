import { StringDecoder } from 'node:string_decoder';

/**
 * Lines of a stream, pulled one chunk at a time: the stream is read only as fast as lines are consumed,
 * so a million-line file never sits in memory. A last line without a newline is still a line.
 */
export async function* readLines(
  stream: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of stream) {
    rest += typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk));
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    yield* lines;
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}
