import { type FakeAnswer, type RecordedRequest, recordingFetch } from '@cancel/core/testing';

/** Fincart's documented 200. */
export const accepted = {
  status: 200,
  body: {
    statusCode: 200,
    message: 'Bulk Orders cancelled successfully',
    data: { status: 'success', msg: 'Orders have been successfully canceled.' },
  },
} as const;

/** Fincart's documented 403. */
export const notAuthorized = {
  status: 403,
  body: {
    statusCode: 403,
    timestamp: '2025-07-16T15:29:54.151Z',
    path: '/v4/orders/cancel',
    message: 'User is not authorized',
    errors: ['User is not authorized'],
  },
} as const;

export const token = 'fc_tok_3b1f7e2a9c4d';

/** The IDs a recorded request asked to cancel. */
export function idsOf(request: RecordedRequest): string[] {
  return (request.json as { filters: { ids: string[] } }).filters.ids;
}

/** A fake Fincart that answers every request with `answer`, or the documented 200. */
export function fakeFincart(
  answer: (request: RecordedRequest, attempt: number) => FakeAnswer = () => accepted,
) {
  return recordingFetch(answer);
}
