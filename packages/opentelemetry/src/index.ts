export {
  ATTR_CANCEL_ATTEMPTS,
  ATTR_CANCEL_BATCH_SIZE,
  ATTR_CANCEL_BATCH_SPLIT,
  ATTR_CANCEL_ERROR_CODE,
  ATTR_CANCEL_INCOMPLETE,
  ATTR_CANCEL_ORDER_ID,
  ATTR_CANCEL_ORDER_IDS,
  ATTR_CANCEL_OUTCOME,
  ATTR_CANCEL_PROVIDER,
  ATTR_CANCEL_REQUEST_ID,
  ATTR_CANCEL_RETRY_AFTER_MS,
  ATTR_CANCEL_RETRY_REASON,
  ATTR_CANCEL_RETRYABLE,
} from './attributes.js';
export type { TelemetryEvent } from './call-events.js';
export { durationBuckets, METRIC_CANCEL_ORDERS } from './instruments.js';
export { type OpenTelemetryOptions, openTelemetry, type TelemetryListener } from './open-telemetry.js';
