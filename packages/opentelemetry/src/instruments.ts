import { type Counter, type Histogram, type MeterProvider, metrics } from '@opentelemetry/api';
import { METRIC_HTTP_CLIENT_REQUEST_DURATION } from '@opentelemetry/semantic-conventions';
import { scope } from './scope.js';

/** The counter of finished cancels: one per order, so a Fincart batch adds the number of its IDs. */
export const METRIC_CANCEL_ORDERS = 'cancel.orders';

/** The HTTP conventions' advice for `http.client.request.duration`, in seconds. */
export const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface Instruments {
  readonly requestDuration: Histogram;
  readonly orders: Counter;
}

function createInstruments(provider: MeterProvider): Instruments {
  const meter = provider.getMeter(scope.name, scope.version);
  return {
    requestDuration: meter.createHistogram(METRIC_HTTP_CLIENT_REQUEST_DURATION, {
      description: 'Duration of HTTP client requests.',
      unit: 's',
      advice: { explicitBucketBoundaries: durationBuckets },
    }),
    orders: meter.createCounter(METRIC_CANCEL_ORDERS, {
      description: 'Orders whose cancel finished, by provider and outcome or error code.',
      unit: '{order}',
    }),
  };
}

/**
 * The instruments of the given meter provider, or of the global one as it is now. The global one is looked up
 * again whenever it is asked for: unlike the tracer API, the metrics API has no proxy, so instruments taken
 * before an SDK registered itself would record nothing forever.
 */
export function instrumentsOf(given: MeterProvider | undefined): () => Instruments {
  let provider: MeterProvider | undefined;
  let instruments: Instruments | undefined;
  return () => {
    const current = given ?? metrics.getMeterProvider();
    if (current !== provider || !instruments) {
      provider = current;
      instruments = createInstruments(current);
    }
    return instruments;
  };
}
