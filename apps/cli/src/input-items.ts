import { orderIdOnLine } from './order-id-line.js';
import { readLines } from './read-lines.js';
import { type ReadItem, readReferences } from './read-references.js';

// `provider,orderId,…` (a --failed file, a spreadsheet export), as the first line of a file of IDs.
const referenceHeader = /^\uFEFF?\s*"?provider"?\s*,|,\s*"?provider"?\s*(,|$)/i;

export type Chunks = AsyncIterable<string | Uint8Array>;

/**
 * The orders of a run as references: for one provider, the IDs on the command line (line 0) and then one per
 * line of the file; across providers, the references the file names.
 */
export async function* inputItems(input: {
  readonly provider: string | undefined;
  readonly orderIds: readonly string[];
  readonly file: Chunks | undefined;
  /** `#` lines of an ID file, for the warning about Fungies order numbers. */
  readonly onComment?: ((line: string) => void) | undefined;
}): AsyncGenerator<ReadItem> {
  const { provider, file } = input;
  if (provider === undefined) {
    if (file) yield* readReferences(file);
    return;
  }
  for (const orderId of input.orderIds) yield { provider, orderId, line: 0 };
  if (!file) return;
  let line = 0;
  for await (const text of readLines(file)) {
    line++;
    if (line === 1 && referenceHeader.test(text)) {
      const problem = `this is a file that names each order's provider (its header has a provider column); run it without the provider argument: cancel-order --file PATH`;
      yield { line, problem };
      return;
    }
    const orderId = orderIdOnLine(text);
    if (orderId !== undefined) yield { provider, orderId, line };
    else if (text.trim() !== '') input.onComment?.(text.trim());
  }
}
