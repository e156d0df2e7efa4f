import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { readLines } from './read-lines.js';

/** One order at one provider, as the input names it; `line` is where it is in the file, for messages. */
export interface InputReference {
  readonly provider: string;
  readonly orderId: string;
  readonly line: number;
}

/** A line that names no usable reference, and why. */
export interface InputProblem {
  readonly line: number;
  readonly problem: string;
}

export type ReadItem = InputReference | InputProblem;

export const isProblem = (item: ReadItem): item is InputProblem => 'problem' in item;

type Chunks = AsyncIterable<string | Uint8Array>;

/**
 * References from a file or stdin that names each order's provider: JSON Lines when the first character that
 * is not whitespace is `{`, CSV otherwise. Streamed: only the current record is held.
 */
export async function* readReferences(stream: Chunks): AsyncGenerator<ReadItem> {
  const iterator = stream[Symbol.asyncIterator]();
  const head: (string | Uint8Array)[] = [];
  let first: string | undefined;
  while (first === undefined) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    const text = typeof next.value === 'string' ? next.value : Buffer.from(next.value).toString('utf8');
    first = text.replace(/^\uFEFF/, '').trimStart()[0];
  }
  async function* replay() {
    yield* head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  if (first === undefined) return;
  yield* first === '{' ? readJsonLines(replay()) : readCsv(replay());
}

async function* readJsonLines(chunks: Chunks): AsyncGenerator<ReadItem> {
  let line = 0;
  for await (const text of readLines(chunks)) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line, problem: 'not a JSON object (each line of a JSON Lines file is one object)' };
      continue;
    }
    yield referenceFrom(value, line);
  }
}

function referenceFrom(value: unknown, line: number): ReadItem {
  const fields = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const orderId = fields.orderId ?? fields.order_id;
  if (typeof fields.provider !== 'string' || fields.provider.trim() === '') {
    return { line, problem: 'no "provider" (a string such as "zinc")' };
  }
  if (typeof orderId !== 'string' || orderId.trim() === '') {
    return { line, problem: 'no "orderId" (a string)' };
  }
  // Provider IDs are lower case; a spreadsheet may well say `Zinc`.
  return { provider: fields.provider.trim().toLowerCase(), orderId: orderId.trim(), line };
}

const providerColumn = /^provider$/i;
// `orderId` and `order_id` as the contract names them; `Order ID` and `order-id` as spreadsheets write them.
const orderIdColumn = /^order[ _-]?id$/i;

/**
 * CSV as RFC 4180 has it, through csv-parse: quoted fields with commas, quotes and line breaks, a BOM from a
 * spreadsheet export, CRLF. The header names the columns in any order; other columns are ignored.
 */
async function* readCsv(chunks: Chunks): AsyncGenerator<ReadItem> {
  const parser = Readable.from(chunks).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }),
  );
  let columns: { provider: number; orderId: number } | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!columns) {
        const provider = record.findIndex((name) => providerColumn.test(name));
        const orderId = record.findIndex((name) => orderIdColumn.test(name));
        if (provider < 0 || orderId < 0) {
          yield {
            line: info.lines,
            problem: `the first line must be a header naming a "provider" and an "orderId" (or "order_id") column, not ${JSON.stringify(record.join(',').slice(0, 80))}; for a file of order IDs alone, name the provider: cancel-order <provider> --file PATH`,
          };
          return;
        }
        columns = { provider, orderId };
        continue;
      }
      yield referenceFrom(
        { provider: record[columns.provider], orderId: record[columns.orderId] },
        info.lines,
      );
    }
  } catch (error) {
    const { lines } = error as { lines?: number };
    yield { line: lines ?? 0, problem: `unreadable CSV: ${(error as Error).message}` };
  }
}
