function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (Array.isArray(value)) {
    const parts = value
      .map((item) => text(item) ?? text((item as { msg?: unknown } | null)?.msg))
      .filter(Boolean);
    return parts.length ? parts.join('; ') : undefined;
  }
  return undefined;
}

/**
 * The human message in a provider's error body, whatever its shape: `{message}` (NestJS, Zinc, Snappy),
 * `{message: [...]}`, `{error: {message}}` (Fungies), `{detail: [{msg}]}` (FastAPI), `{errors: [...]}`.
 */
export function providerMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 300) || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const error = record.error as Record<string, unknown> | undefined;
  return (
    text(record.message) ??
    (typeof error === 'object' && error !== null ? text(error.message) : text(error)) ??
    text(record.detail) ??
    text(record.errors) ??
    text(record.msg)
  );
}
