import { type FakeAnswer, type RecordedRequest, recordingFetch } from '@cancel/core/testing';

export const orderId = 'G7nR4bD9mK';
export const apiKey = 'snp_live_9f8e7d6c5b4a3921';

/** The 200 example from Snappy's documentation: a generic order that carries a cancellation time. */
export const documentedOrder = {
  id: orderId,
  createdAt: '2026-05-27T10:30:00.000Z',
  status: 'active',
  fulfillmentStatus: 'unfulfilled',
  tags: [],
  cancellationDetails: { cancelledAt: '2026-05-27T15:57:00.000Z', cancellationReason: 'customer_requested' },
  lineItems: [{ variantId: 'v_abc12345', quantity: 1, title: 'Premium Gift Card' }],
  recipient: { firstName: 'John', lastName: 'Doe', email: 'john.doe@example.com', phone: '+15555555555' },
  metadata: { key1: 'value1', key2: 'value2' },
  idempotencyKey: 'order-2026-05-13-abc',
};

/** What Snappy's other pages say a cancelled order looks like. */
export const cancelled = {
  status: 200,
  body: { data: { ...documentedOrder, status: 'cancelled', fulfillmentStatus: 'cancelled' } },
};

/** A Snappy error in its documented `{status, errorCode, message}` shape. */
export function snappyError(status: number, errorCode: string, message: string) {
  return { status, body: { status, errorCode, message } };
}

/** A fake Snappy that answers every request with `answer`, or a cancelled order. */
export function fakeSnappy(
  answer: (request: RecordedRequest, attempt: number) => FakeAnswer = () => cancelled,
) {
  return recordingFetch(answer);
}
