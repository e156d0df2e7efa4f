import type { CancelErrorCode } from './cancel-error.js';

// A refused batch names no culprit: one ID's refusal is not the others', so these are answered by sending the batch
// again in halves until each refusal is pinned on single IDs. Auth, rate-limit and transport failures apply to all.
const splitCodes: readonly CancelErrorCode[] = ['rejected', 'not_found', 'not_cancellable'];

/** Whether core sends these IDs again in halves after this failure, each order then reported by a smaller call. */
export const splitsBatch = (orderIds: readonly string[], code: CancelErrorCode): boolean =>
  orderIds.length > 1 && splitCodes.includes(code);
