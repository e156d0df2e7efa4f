import { type FakeAnswer, type RecordedRequest, recordingFetch } from '@cancel/core/testing';

export const orderUuid = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
export const orderNumber = '#A1B2C3D4E5F6';
export const publicKey = 'pub_4b9e1c7d2a6f';
export const secretKey = 'sec_8d3a5f0e7c1b9264';

/** An order shaped by the schema in Fungies' documentation, after a cancel. */
export const cancelledOrder = {
  object: 'order',
  id: orderUuid,
  number: orderNumber,
  orderNumber,
  status: 'CANCELLED',
  value: 1999,
  tax: 0,
  fee: 0,
  totalItems: 1,
  country: 'PL',
  currency: 'EUR',
  currencyDecimals: 2,
  createdAt: 1_767_225_600_000,
  userId: null,
  user: null,
  lastPaymentId: null,
  lastPaymentNumber: null,
  lastPayment: null,
  subscriptionId: null,
  subscription: null,
};

export const cancelled = { status: 200, body: { status: 'success', data: { order: cancelledOrder } } };

/** A Fungies error in its documented `{status: "error", error: {message}}` shape. */
export function fungiesError(status: number, message: string) {
  return { status, body: { status: 'error', error: { message } } };
}

/** A fake Fungies that answers every request with `answer`, or a cancelled order. */
export function fakeFungies(
  answer: (request: RecordedRequest, attempt: number) => FakeAnswer = () => cancelled,
) {
  return recordingFetch(answer);
}
