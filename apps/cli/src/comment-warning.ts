import { checkOrderId } from '@cancel/core';
import type { ProviderFacts } from './cli-provider.js';

/**
 * Fungies order numbers may start with `#`, which is also the comment mark of an ID file. Such lines are still
 * comments (a rule that depends on the line would surprise more), but the user is told instead of left guessing.
 */
export function commentWarning(provider: ProviderFacts) {
  let count = 0;
  return {
    see(line: string): void {
      if (provider.orderId.pattern && checkOrderId(line, provider.orderId) === undefined) count++;
    },
    message(): string | undefined {
      if (count === 0) return undefined;
      return `${count} line(s) starting with # were skipped as comments, though they look like ${provider.displayName} order IDs. Drop the leading # (${provider.displayName} takes the ID without it) or pass them as arguments.`;
    },
  };
}
