/** A provider timestamp as ISO 8601, or undefined when it is absent or not a date. */
export function isoDate(value: unknown): string | undefined {
  // Numbers are left out: seconds and milliseconds since the epoch cannot be told apart.
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
