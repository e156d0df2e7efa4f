import type { HttpResponse, Interpretation } from '@cancel/core/provider';
import * as z from 'zod/mini';

// Only the field that decides the outcome is checked; `statusCode`, `message` and `data.msg` may change freely.
const bulkAnswer = z.object({ data: z.object({ status: z.string() }) });

/**
 * The documented 200 says the bulk request succeeded, not which orders were cancelled, so every ID in the
 * batch is `requested`: accepted, unconfirmed.
 */
export function interpretFincartSuccess(response: HttpResponse): Interpretation {
  const parsed = bulkAnswer.safeParse(response.body);
  if (!parsed.success) {
    return { code: 'invalid_response', problem: 'a body without the documented `data.status`' };
  }
  const { status } = parsed.data.data;
  if (status !== 'success') {
    return {
      code: 'invalid_response',
      problem: `\`data.status\` ${JSON.stringify(status.slice(0, 60))} instead of "success", so nothing is known to be cancelled`,
    };
  }
  return { outcome: 'requested' };
}
