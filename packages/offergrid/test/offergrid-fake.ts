import { type FakeAnswer, recordingFetch } from '@cancel/core/testing';
import { createOfferGrid } from '../src/create-offergrid.js';
import type { OfferGridSettings } from '../src/offergrid-settings.js';

export const orderId = 'ord_8f2k3j';
export const apiKey = 'og_team_7d1e4c9b2a';

/** An OfferGrid client whose requests go to a recording fake answering `answers` in turn (the last repeats). */
export function offerGridAnswering(answers: FakeAnswer[], settings: OfferGridSettings = {}) {
  const server = recordingFetch((_request, attempt) => answers[Math.min(attempt, answers.length) - 1]!);
  const client = createOfferGrid({ apiKey, fetch: server.fetch, retryDelayMs: 0, ...settings });
  return { client, requests: server.requests };
}
