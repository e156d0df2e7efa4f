import type { CancelEvent } from '@cancel/core';
import { describe, expect, it } from 'vitest';
import { openTelemetry, type TelemetryEvent } from '../src/index.js';
import { useTelemetry } from './support/telemetry.js';

// Events as core emits them, written out: these cases are about what the listener does when events come
// in an order, or fail to come, that a healthy core never produces.
const telemetry = useTelemetry();

/** A malformed or unknown event, as a listener may still be handed one. */
type Event = TelemetryEvent & Record<string, unknown>;
const event = (fields: Event) => fields;

const start = (callId: string, url = 'https://api.zinc.com/orders/A1/cancel'): CancelEvent[] => [
  { type: 'call-start', callId, provider: 'zinc', orderIds: ['A1'], method: 'POST', url },
  {
    type: 'request',
    callId,
    provider: 'zinc',
    orderIds: ['A1'],
    attempt: 1,
    method: 'POST',
    url,
    headers: {},
  },
];

const end = (callId: string): CancelEvent => ({
  type: 'call-end',
  callId,
  provider: 'zinc',
  orderIds: ['A1'],
  attempts: 1,
  durationMs: 5,
  error: { code: 'network', retryable: true, message: 'Could not reach Zinc' },
});

describe('open spans', () => {
  it('all end at the call-end, an attempt that never had its answer included', () => {
    const listener = telemetry.listener();
    for (const event of start('c1')) listener(event);
    expect(telemetry.finishedSpans()).toHaveLength(0);

    listener(end('c1'));
    const [attempt, call] = telemetry.finishedSpans();
    expect(attempt).toMatchObject({ name: 'POST', attributes: { 'error.type': 'network' } });
    expect(call).toMatchObject({ name: 'cancel_order zinc', attributes: { 'cancel.error_code': 'network' } });
  });

  it('never exceed maxOpenCalls: the oldest call is ended, marked incomplete', () => {
    const listener = telemetry.listener({ maxOpenCalls: 2 });
    for (const callId of ['c1', 'c2', 'c3']) for (const event of start(callId)) listener(event);

    const ended = telemetry.finishedSpans();
    expect(ended.map((span) => [span.name, span.attributes['cancel.incomplete']])).toEqual([
      ['POST', true],
      ['cancel_order zinc', true],
    ]);
    // Events of the evicted call are ignored; its end is still counted, but no span is ended twice.
    listener(end('c1'));
    listener(end('c2'));
    listener(end('c3'));
    expect(telemetry.finishedSpans()).toHaveLength(6);
  });

  it('ignore events of unknown calls and event types they do not know', () => {
    const listener = telemetry.listener();
    listener(event({ type: 'response', callId: 'nobody', attempt: 1, status: 200 }));
    listener({ type: 'something-new', callId: 'nobody' });
    listener({ type: 'request' });
    expect(telemetry.finishedSpans()).toHaveLength(0);
  });
});

describe('url.full and server attributes', () => {
  it('drop user info, query and fragment, and give the default port for the scheme', () => {
    const listener = telemetry.listener();
    for (const event of start('c1', 'https://user:pass@api.zinc.com/orders/A1/cancel?key=k1#frag'))
      listener(event);
    listener(end('c1'));

    expect(telemetry.finishedSpans()[0]!.attributes).toMatchObject({
      'url.full': 'https://api.zinc.com/orders/A1/cancel',
      'server.address': 'api.zinc.com',
      'server.port': 443,
    });
  });

  it('write an IPv6 host without brackets, and an unknown method as _OTHER named HTTP', () => {
    const listener = telemetry.listener();
    const url = 'http://[::1]:8080/orders/A1/cancel';
    listener(event({ type: 'call-start', callId: 'c1', provider: 'zinc', orderIds: ['A1'] }));
    listener(event({ type: 'request', callId: 'c1', attempt: 1, method: 'CANCEL', url }));
    listener(end('c1'));

    expect(telemetry.finishedSpans()[0]).toMatchObject({
      name: 'HTTP',
      attributes: {
        'http.request.method': '_OTHER',
        'http.request.method_original': 'CANCEL',
        'server.address': '::1',
        'server.port': 8080,
      },
    });
  });
});

describe('options', () => {
  it('are checked when the listener is made, each wrong one named', () => {
    expect(() => openTelemetry({ maxOpenCalls: 0 })).toThrow(
      '`maxOpenCalls` must be a whole number above 0, not 0',
    );
    expect(() => openTelemetry({ maxOpenCalls: Number.NaN })).toThrow(TypeError);
    const wrong = { tracerProvider: {}, meterProvider: { getTracer() {} } } as never;
    expect(() => openTelemetry(wrong)).toThrow(
      /`tracerProvider` must be an OpenTelemetry TracerProvider.*; `meterProvider` must be an OpenTelemetry MeterProvider/,
    );
  });
});
