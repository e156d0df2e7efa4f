/**
 * A mistake in how the command was called or configured: exit status 2, and nothing was sent.
 * The message says what is wrong and how to fix it; it never repeats a secret.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
