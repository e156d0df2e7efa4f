export interface OrderIdRule {
  /** What a valid ID looks like, for messages: "a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6". */
  readonly description: string;
  readonly pattern?: RegExp;
  readonly maxLength?: number;
}

const whitespaceOrControl = /[\s\p{Cc}\p{Cf}]/u;
// In a Unicode-aware pattern a well-formed pair is one code point, so this finds only halves left alone.
const loneSurrogate = /\p{Cs}/u;

/** Shows an ID in a message safely: quoted, escaped, and shortened when huge. */
export function quoteOrderId(value: unknown): string {
  if (typeof value !== 'string') return value === null ? 'null' : typeof value;
  const shown = value.length > 60 ? `${value.slice(0, 40)}…(${value.length} characters)` : value;
  return JSON.stringify(shown);
}

/** Returns what is wrong with an order ID, or undefined when it is usable. Checked before any request. */
export function checkOrderId(value: unknown, rule: OrderIdRule): string | undefined {
  if (typeof value !== 'string') return `expected a string, got ${quoteOrderId(value)}`;
  if (value.length === 0) return 'it is empty';
  const maxLength = rule.maxLength ?? 256;
  if (value.length > maxLength) return `it is ${value.length} characters long; the limit is ${maxLength}`;
  if (whitespaceOrControl.test(value)) return 'it contains whitespace or a control character';
  if (loneSurrogate.test(value))
    return 'it contains a lone UTF-16 surrogate (half a character, as when text is cut inside an emoji)';
  if (value === '.' || value === '..') return 'it is a relative path segment';
  // Punctuation alone ("/", "?", "#") is a slip, never an order ID, even where IDs are free-form strings.
  if (!/[\p{L}\p{N}]/u.test(value)) return 'it has no letter or digit';
  if (rule.pattern && !rule.pattern.test(value)) return `expected ${rule.description}`;
  return undefined;
}
