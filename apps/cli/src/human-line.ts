import type { RunEntry } from './json-line.js';
import type { Paint } from './paint.js';
import { terminalText } from './terminal-text.js';

const outcomeWords = {
  cancelled: 'cancelled',
  already_cancelled: 'already cancelled',
  requested: 'cancel requested (not confirmed per order)',
} as const;

/** `✓ 3fa85f64-…  cancelled` or `✗ zinc 1234  not_found: Zinc has no order …`, every outside text escaped. */
export function humanLine(entry: RunEntry, paint: Paint, withProvider = false, messageLimit = 2000): string {
  const { result } = entry;
  const who = `${withProvider ? `${entry.provider} ` : ''}${terminalText(entry.orderId)}`;
  const duplicate = entry.duplicate ? paint('dim', ' (named again: sent once)') : '';
  if (result.ok) {
    const { outcome, attempts } = result.value;
    const retried = attempts > 1 ? paint('dim', ` after ${attempts} attempts`) : '';
    const colour = outcome === 'cancelled' ? 'green' : 'cyan';
    return `${paint(colour, '✓')} ${who}  ${paint(colour, outcomeWords[outcome])}${retried}${duplicate}`;
  }
  // The message already names the HTTP status where there was one.
  const { code, message } = result.error;
  return `${paint('red', '✗')} ${who}  ${paint('red', code)}: ${shorten(terminalText(message, Number.POSITIVE_INFINITY), messageLimit)}${duplicate}`;
}

const shorten = (text: string, limit: number) =>
  text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
