import type { HttpResponse } from '@cancel/core/provider';
import { builtInProviders, type ProviderId } from '../../src/index.js';
import type { RawAnswer } from './provider-calls.js';

/**
 * What the provider's own package reads in a raw answer: `cancelled` or `already_cancelled`, or the error code it
 * gives (`not_cancellable`, `not_found`, ...), or `HTTP <status>` when it leaves the answer to its status. The
 * simulator must answer so that the package decides what a real provider's answer would decide; deriving the
 * expectation from the package keeps a new provider's tests free of a table of its answers.
 */
export function readByPackage(provider: ProviderId, answer: RawAnswer, orderIds: readonly string[]): string {
  const builtIn = builtInProviders.find(({ spec }) => spec.id === provider);
  if (!builtIn) throw new Error(`no package registered for ${provider}`);
  const { spec } = builtIn;
  const response: HttpResponse = {
    status: answer.status,
    headers: answer.headers,
    text: answer.text,
    body: answer.json,
    requestId: undefined,
    retryAfterMs: undefined,
    attempts: 1,
  };
  const success = answer.status >= 200 && answer.status < 300;
  const reading = success ? spec.success(response, orderIds) : spec.failure?.(response, orderIds);
  if (!reading) return `HTTP ${answer.status}`;
  return 'outcome' in reading ? reading.outcome : reading.code;
}

/** A cancel that went through: a 2xx the package reads as `cancelled`, or `requested` (Fincart confirms none). */
export function isCancelled(provider: ProviderId, answer: RawAnswer, orderIds: readonly string[]): boolean {
  const reading = answer.status < 300 && readByPackage(provider, answer, orderIds);
  return reading === 'cancelled' || reading === 'requested';
}
