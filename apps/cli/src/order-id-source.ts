import { orderIdOnLine } from './order-id-line.js';
import { readLines } from './read-lines.js';

export interface OrderIdSourceOptions {
  readonly orderIds: readonly string[];
  readonly file?: AsyncIterable<string | Uint8Array> | undefined;
  /** IDs that already succeeded in the journal; skipped and counted. */
  readonly skip?: ReadonlySet<string> | undefined;
  readonly onSkip?: (orderId: string) => void;
  /** Comment lines, for a warning when one looks like an order ID (Fungies order numbers may start with #). */
  readonly onComment?: (line: string) => void;
  /** Once aborted, no further ID is handed out: orders in flight finish, the rest are never started. */
  readonly signal?: AbortSignal | undefined;
}

/** The IDs from the command line, then from the file, one at a time. */
export async function* orderIdSource(options: OrderIdSourceOptions): AsyncGenerator<string> {
  const take = (orderId: string) => {
    if (!options.skip?.has(orderId)) return true;
    options.onSkip?.(orderId);
    return false;
  };
  for (const orderId of options.orderIds) {
    if (options.signal?.aborted) return;
    if (take(orderId)) yield orderId;
  }
  if (!options.file) return;
  for await (const line of readLines(options.file)) {
    if (options.signal?.aborted) return;
    const orderId = orderIdOnLine(line);
    if (orderId === undefined) {
      if (line.trim() !== '') options.onComment?.(line.trim());
      continue;
    }
    if (take(orderId)) yield orderId;
  }
}
