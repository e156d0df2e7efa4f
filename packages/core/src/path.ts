/**
 * Percent-encodes a value so that it stays one path segment: `/ ? # %` and `!'()*` included, which
 * encodeURIComponent alone leaves as they are.
 */
export function encodePathSegment(segment: string): string {
  // Letters, digits and `-._~` need no encoding; most IDs are only those, and encodeURIComponent is slow in bulk.
  if (/^[\w.~-]*$/.test(segment)) return segment;
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Builds a request path the way the provider's documentation writes it, `` path`/orders/${orderId}/cancel` ``,
 * with every value percent-encoded as one segment, so a value can never add a segment, a query or a fragment.
 * Modelled on openai-node's `path` tag. Core rejects unusable order IDs before a request is built, so the
 * errors thrown here only catch a provider's own mistakes.
 */
export function path(statics: TemplateStringsArray, ...values: readonly string[]): string {
  let built = statics[0] ?? '';
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? '';
    // `new URL()` resolves `.` and `..` to another endpoint, and an empty value drops a segment.
    if (/^\.{0,2}$/.test(value)) {
      throw new TypeError(`path: ${JSON.stringify(value)} would change the route`);
    }
    built += encodePathSegment(value) + statics[index + 1];
  }
  return built;
}
