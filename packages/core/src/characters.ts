/** Control characters cannot travel in header values and have no place in IDs or keys. */
export const hasControlCharacter = (value: string): boolean => /\p{Cc}/u.test(value);

/**
 * The first character an HTTP header value cannot carry (fetch takes Latin-1 only), named by code point and position
 * so that a message can point at it without showing a secret; undefined when there is none.
 */
export function headerUnsafeCharacter(value: string): string | undefined {
  const index = value.search(/[\u0100-\uffff]/);
  if (index < 0) return undefined;
  return `U+${value.codePointAt(index)!.toString(16).toUpperCase().padStart(4, '0')} at position ${index + 1}`;
}
