import { describe, expect, it } from 'vitest';
import { readLines } from '../src/read-lines.js';

async function collect(chunks: (string | Uint8Array)[]) {
  const lines: string[] = [];
  for await (const line of readLines(chunks)) lines.push(line);
  return lines;
}

describe('readLines', () => {
  it('joins lines split across chunks and keeps a last line without a newline', async () => {
    expect(await collect(['10', '01\n10', '02\n1003'])).toEqual(['1001', '1002', '1003']);
  });

  it('decodes a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('é1\n');
    expect(await collect([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual(['é1']);
  });

  it('yields nothing for empty input', async () => {
    expect(await collect([])).toEqual([]);
  });
});
