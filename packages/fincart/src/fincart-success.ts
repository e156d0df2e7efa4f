import { type HttpResponse, type Interpretation, z } from '@cancel/core';

const successBody = z.object({
  data: z.object({ status: z.string() }),
});

/**
 * The documented 200 says the bulk request succeeded, not which orders were cancelled, so every ID in the
 * batch is `requested`: accepted, unconfirmed.
 */
export function interpretFincartSuccess(response: HttpResponse): Interpretation {
  const parsed = successBody.safeParse(response.body);
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
