/**
 * True for a JSON object, false for arrays and everything else. Answer schemas check it before an object
 * whose fields are all optional: valibot's `object` takes an array as an object with none of them set.
 */
export function isJsonObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
