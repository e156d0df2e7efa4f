/**
 * Any value as text, for an entry's `orderId` or a message: `String(value)` throws for an object without a
 * prototype or whose `toString` throws, and such values still need an answer.
 */
export function toText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/** What a caught value says: its message when it is an Error. */
export const messageOf = (error: unknown): string => toText(error instanceof Error ? error.message : error);

/** A value as JSON shows it, for messages about options; never throws (a bigint, a cycle). */
export function showValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return toText(value);
  }
}
