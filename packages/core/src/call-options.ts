import type { BulkOptions } from './bulk.js';
import type { ProviderSpec } from './provider.js';
import { type CallOptions, checkSettings, type Resolved, resolveSettings } from './settings.js';
import { showValue } from './text.js';

/** A call's options over the client's settings, and whether they are usable. */
export interface CheckedOptions<Options> {
  readonly options: Resolved<Options>;
  /** The call's own options when they are a usable object; `null` is taken as none, like `undefined`. */
  readonly call: (BulkOptions & CallOptions) | undefined;
  /** What is wrong with the options, for an `invalid_input` message; undefined when nothing is. */
  readonly mistake: string | undefined;
}

export type OptionsChecker<Options> = (call: unknown) => CheckedOptions<Options>;

/**
 * The client's check of a call's options over its settings: once per client for calls without options of their
 * own, once per call otherwise, and once per bulk run rather than per order. Never throws, whatever `call` is.
 */
export function optionsChecker<Options extends object>(
  spec: ProviderSpec<Options>,
  settings: object,
): OptionsChecker<Options> {
  const check = (call: object | undefined): CheckedOptions<Options> => {
    const options = resolveSettings<Options>(settings, call);
    return { options, call, mistake: mistakeIn(spec, options) };
  };
  let withoutCall: CheckedOptions<Options> | undefined;
  return (call) => {
    withoutCall ??= check(undefined);
    if (call === undefined || call === null) return withoutCall;
    if (typeof call !== 'object' || Array.isArray(call)) {
      const mistake = `a call's options must be an object such as { signal }, not ${showValue(call)}`;
      return { ...withoutCall, mistake };
    }
    return Object.keys(call).length === 0 ? withoutCall : check(call);
  };
}

function mistakeIn<Options>(spec: ProviderSpec<Options>, options: Resolved<Options>): string | undefined {
  const batchSize = 'batchSize' in options ? options.batchSize : undefined;
  return (
    checkSettings(options) ??
    (spec.batch && typeof batchSize === 'number' && batchSize > spec.batch.maxSize
      ? `\`batchSize\` may be at most ${spec.batch.maxSize}, not ${batchSize}`
      : spec.checkOptions?.(options))
  );
}
