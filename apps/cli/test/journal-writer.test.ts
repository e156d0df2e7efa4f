import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../src/journal-writer.js';
import { UsageError } from '../src/usage-error.js';
import { scratchDirectory } from './scratch-directory.js';

describe('openJournal', () => {
  it('starts new lines after a line cut off by a kill', () => {
    const path = join(scratchDirectory(), 'journal.jsonl');
    writeFileSync(path, '{"orderId":"1","ok":true}\n{"orderId":"2","o');
    const journal = openJournal(path);
    journal.append('{"orderId":"3","ok":true}');
    journal.close();
    expect(readFileSync(path, 'utf8').split('\n')).toEqual([
      '{"orderId":"1","ok":true}',
      '{"orderId":"2","o',
      '{"orderId":"3","ok":true}',
      '',
    ]);
  });

  it('is a usage error when the journal cannot be written', () => {
    expect(() => openJournal(join(tmpdir(), 'no-such-directory-here', 'journal.jsonl'))).toThrow(UsageError);
  });
});
