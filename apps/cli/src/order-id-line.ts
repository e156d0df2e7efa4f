/** The order ID on a line of an ID file, or undefined for a blank line or a `#` comment. Handles CRLF files. */
export function orderIdOnLine(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  return trimmed;
}
