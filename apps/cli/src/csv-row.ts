import type { RunEntry } from './json-line.js';

/** One CSV record as RFC 4180 writes it: a field with a comma, a quote or a line break is quoted. */
export function csvRow(fields: readonly (string | number | boolean | undefined)[]): string {
  return fields
    .map((field) => {
      const text = field === undefined ? '' : String(field);
      return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
}

export const csvHeader = 'provider,orderId,ok,outcome,code,retryable,status,attempts,message';

/** The `--csv` row of one order. */
export function csvLine(entry: RunEntry): string {
  const { result } = entry;
  if (result.ok) {
    const { outcome, status, attempts } = result.value;
    return csvRow([entry.provider, entry.orderId, true, outcome, '', '', status, attempts, '']);
  }
  const { code, retryable, status, attempts, message } = result.error;
  return csvRow([entry.provider, entry.orderId, false, '', code, retryable, status, attempts, message]);
}

/** `--failed` holds what `--file` reads back: provider and order ID first, then why. */
export const failedHeader = 'provider,orderId,code,retryable,message';

export function failedLine(entry: RunEntry): string | undefined {
  if (entry.result.ok) return undefined;
  const { code, retryable, message } = entry.result.error;
  return csvRow([entry.provider, entry.orderId, code, retryable, message]);
}
