import { createReadStream } from 'node:fs';
import { orderIdOnLine } from './order-id-line.js';
import { readLines } from './read-lines.js';

/** A quick streamed pass over an ID file, so that the progress bar can show a total and an ETA. */
export async function countOrderIds(path: string, skip?: ReadonlySet<string>): Promise<number> {
  let count = 0;
  for await (const line of readLines(createReadStream(path))) {
    const orderId = orderIdOnLine(line);
    if (orderId !== undefined && !skip?.has(orderId)) count++;
  }
  return count;
}
