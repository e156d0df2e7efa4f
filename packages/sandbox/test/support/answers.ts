import type { ProviderId } from '../../src/index.js';
import type { RawAnswer } from './provider-calls.js';

/** How each provider says "already cancelled" and "not cancellable", as the simulator promises (README). */
export const refusalShapes: Record<
  ProviderId,
  { alreadyCancelled: (answer: RawAnswer) => boolean; notCancellable: (answer: RawAnswer) => boolean }
> = {
  zinc: {
    alreadyCancelled: (a) => a.status === 400 && /already been cancelled/.test(message(a)),
    notCancellable: (a) => a.status === 400 && (a.json as { code?: string }).code === 'order_not_cancellable',
  },
  offergrid: {
    alreadyCancelled: (a) => a.status === 400 && /already cancelled/.test(message(a)),
    notCancellable: (a) => a.status === 400 && /cannot be cancelled/.test(message(a)),
  },
  snappy: {
    alreadyCancelled: (a) =>
      a.status === 422 && (a.json as { errorCode?: string }).errorCode === 'ORDER_ALREADY_CANCELLED',
    notCancellable: (a) =>
      a.status === 422 &&
      /^ORDER_(IN_TRANSIT|DELIVERED|REFUNDED)$/.test(String((a.json as { errorCode?: string }).errorCode)),
  },
  fungies: {
    alreadyCancelled: (a) => a.status === 400 && /already cancelled/.test(message(a)),
    notCancellable: (a) => a.status === 400 && /cannot be cancelled/.test(message(a)),
  },
  fincart: {
    alreadyCancelled: (a) => a.status === 400 && /already cancelled/.test(message(a)),
    notCancellable: (a) => a.status === 400 && /Only pending orders/.test(message(a)),
  },
};

/** The status of a successful cancel at each provider. */
export const successStatus: Record<ProviderId, number> = {
  zinc: 204,
  offergrid: 200,
  snappy: 200,
  fungies: 200,
  fincart: 200,
};

export function message(answer: RawAnswer): string {
  const body = answer.json as { message?: unknown; error?: { message?: unknown } } | undefined;
  return String(body?.message ?? body?.error?.message ?? '');
}
