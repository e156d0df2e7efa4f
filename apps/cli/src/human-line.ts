import type { BulkEntry } from '@cancel/core';
import type { Paint } from './paint.js';

const outcomeWords = {
  cancelled: 'cancelled',
  already_cancelled: 'already cancelled',
  requested: 'cancel requested (not confirmed per order)',
} as const;

/** `✓ 3fa85f64-…  cancelled` or `✗ 1234  not_found: Zinc has no order …`. */
export function humanLine(entry: BulkEntry, paint: Paint): string {
  const { result } = entry;
  if (result.ok) {
    const { outcome, attempts } = result.value;
    const retried = attempts > 1 ? paint('dim', ` after ${attempts} attempts`) : '';
    const colour = outcome === 'cancelled' ? 'green' : 'cyan';
    return `${paint(colour, '✓')} ${entry.orderId}  ${paint(colour, outcomeWords[outcome])}${retried}`;
  }
  // The message already names the HTTP status where there was one.
  const { code, message } = result.error;
  return `${paint('red', '✗')} ${entry.orderId}  ${paint('red', code)}: ${message}`;
}
