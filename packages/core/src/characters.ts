/**
 * Where the first character a header value cannot carry is, or -1: a control character, or anything beyond Latin-1
 * (fetch refuses those outright, which would otherwise surface as a network error), such as a pasted zero-width
 * space or a Cyrillic letter that looks Latin.
 */
export const unsendableAt = (value: string): number => value.search(/[\p{Cc}\u0100-\uffff]/u);
