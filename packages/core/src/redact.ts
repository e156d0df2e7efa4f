export const REDACTED = '[REDACTED]';

/** Replaces every occurrence of every secret in `text`; longest first, so a key that contains another is gone whole. */
export function redactText(text: string, secrets: readonly string[]): string {
  // Most text holds no secret at all: then no copy, sort or split.
  let found = false;
  for (let index = 0; index < secrets.length && !found; index++) {
    const secret = secrets[index];
    found = secret !== undefined && secret !== '' && text.includes(secret);
  }
  if (!found) return text;
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** A copy of a parsed JSON value with every secret removed from its strings and keys. */
export function redactDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return redactText(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 32) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      redactText(key, secrets),
      redactDeep(item, secrets, depth + 1),
    ]),
  );
}
