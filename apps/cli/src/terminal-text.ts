// Control and format characters (C0, DEL, C1 such as the one-byte CSI, bidi overrides, zero-width marks) and
// lone surrogates: any of them from an ID file could move the cursor, recolour or hide what the terminal shows.
// In a `u` regex, a surrogate range matches only lone surrogates: a pair is one code point.
const unsafe = /[\p{Cc}\p{Cf}\u2028\u2029\uD800-\uDFFF]/gu;

const escapeCharacter = (character: string) => {
  const code = character.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** Text from outside (IDs, providers' messages) made safe for a terminal: escaped, and shortened past `limit`. */
export function terminalText(text: string, limit = 120): string {
  const shortened =
    text.length > limit ? `${text.slice(0, 60)}…(${text.length.toLocaleString('en-US')} characters)` : text;
  return shortened.replace(unsafe, escapeCharacter);
}
