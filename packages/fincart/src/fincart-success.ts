import type { HttpResponse, Interpretation } from '@cancel/core';

/**
 * `data.status` of the documented 200, or undefined when the body lacks it. Checked by hand: one field does
 * not justify the 4 KB (gzipped) that zod adds to a browser bundle, and the budget is 18 KB in all.
 */
function dataStatus(body: unknown): string | undefined {
  const data = (body as { data?: unknown } | null | undefined)?.data;
  const status = (data as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'string' ? status : undefined;
}

/**
 * The documented 200 says the bulk request succeeded, not which orders were cancelled, so every ID in the
 * batch is `requested`: accepted, unconfirmed.
 */
export function interpretFincartSuccess(response: HttpResponse): Interpretation {
  const status = dataStatus(response.body);
  if (status === undefined) {
    return { code: 'invalid_response', problem: 'a body without the documented `data.status`' };
  }
  if (status !== 'success') {
    return {
      code: 'invalid_response',
      problem: `\`data.status\` ${JSON.stringify(status.slice(0, 60))} instead of "success", so nothing is known to be cancelled`,
    };
  }
  return { outcome: 'requested' };
}
