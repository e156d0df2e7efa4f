import type { HttpResponse, Interpretation } from '@cancel/core/provider';
import * as v from 'valibot';

// Only the field that decides the outcome is checked; `statusCode`, `message` and `data.msg` may change freely.
const bulkAnswer = v.object({ data: v.object({ status: v.string() }) });

/**
 * The documented 200 says the bulk request succeeded, not which orders were cancelled, so every ID in the
 * batch is `requested`: accepted, unconfirmed.
 */
export function interpretFincartSuccess(response: HttpResponse): Interpretation {
  const parsed = v.safeParse(bulkAnswer, response.body);
  if (!parsed.success) {
    return { code: 'invalid_response', unexpected: 'a body without the documented `data.status`' };
  }
  const { status } = parsed.output.data;
  if (status !== 'success') {
    return {
      code: 'invalid_response',
      unexpected: `\`data.status\` ${JSON.stringify(status.slice(0, 60))} instead of "success", so nothing is known to be cancelled`,
    };
  }
  return { outcome: 'requested' };
}
