import { type FakeAnswer, recordingFetch } from '@cancel/core/testing';
import { createZinc } from '../src/create-zinc.js';
import type { ZincSettings } from '../src/zinc-settings.js';

export const orderId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
export const apiKey = 'zn_test_4f9c2b7e1d8a6053';

/** A Zinc client whose requests go to a recording fake answering `answers` in turn (the last one repeats). */
export function zincAnswering(answers: FakeAnswer[], settings: ZincSettings = {}) {
  const server = recordingFetch((_request, attempt) => answers[Math.min(attempt, answers.length) - 1]!);
  const client = createZinc({ apiKey, fetch: server.fetch, retryDelayMs: 0, ...settings });
  return { client, requests: server.requests };
}
