import type { CancelEvent } from '@cancel/core';

/** One of core's events, by its type. */
export type EventOf<Type extends CancelEvent['type']> = Extract<CancelEvent, { type: Type }>;

/**
 * What the returned listener accepts: any @cancel/core event. Typed loosely on purpose, so that it fits the
 * `onEvent` of every core version, including later ones with event types this package does not know.
 */
export interface TelemetryEvent {
  readonly type: string;
  readonly callId?: string;
}
