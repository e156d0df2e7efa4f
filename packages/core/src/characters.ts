/** Control characters cannot travel in header values and have no place in IDs or keys. */
export const hasControlCharacter = (value: string): boolean => /\p{Cc}/u.test(value);
