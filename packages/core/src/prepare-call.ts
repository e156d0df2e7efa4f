import type { CheckedOptions } from './call-options.js';
import { clientError } from './client-error.js';
import { resolveCredentials } from './credentials.js';
import { readEnvironment } from './environment.js';
import type { ProviderSpec } from './provider.js';
import { err, ok, type Result } from './result.js';
import type { Resolved } from './settings.js';
import { checkBaseUrl } from './url.js';

/** Everything a request needs that can be wrong before it is sent, checked. */
export interface PreparedCall<Options> {
  readonly options: Resolved<Options>;
  readonly baseUrl: string;
  readonly credentials: Readonly<Record<string, string | undefined>>;
  readonly secrets: readonly string[];
}

export type CallPreparer<Options> = (
  checked: CheckedOptions<Options>,
) => Result<PreparedCall<Options>> | Promise<Result<PreparedCall<Options>>>;

/**
 * The client's last check before sending: options, base URL, credentials; nothing is sent when one fails.
 * Synchronous unless a credential is a function, so the common case costs a bulk run no tick per order.
 */
export function callPreparer<Options>(spec: ProviderSpec<Options>): CallPreparer<Options> {
  const invalid = (mistake: string) =>
    err(
      clientError(spec, 'invalid_input', `Invalid ${spec.displayName} option: ${mistake}. Nothing was sent.`),
    );
  let lastUrl: { url: string; insecure: boolean; mistake: string | undefined } | undefined;
  const context = { provider: spec.id, displayName: spec.displayName, factory: spec.factory };
  return ({ options, mistake }) => {
    if (mistake) return invalid(mistake);
    // The environment is read on every call, so a base URL set after the client was created still counts.
    const baseUrl = options.baseUrl ?? readEnvironment(spec.baseUrlEnv) ?? spec.baseUrl;
    const insecure = options.allowInsecureHttp === true;
    if (lastUrl?.url !== baseUrl || lastUrl.insecure !== insecure) {
      lastUrl = { url: baseUrl, insecure, mistake: checkBaseUrl(baseUrl, insecure) };
    }
    if (lastUrl.mistake) {
      const from = options.baseUrl === undefined ? spec.baseUrlEnv : '`baseUrl`';
      return invalid(`the base URL from ${from} is unusable: ${lastUrl.mistake}`);
    }
    const resolved = resolveCredentials(
      spec.credentials,
      options as unknown as Record<string, unknown>,
      context,
    );
    const finish = (found: Awaited<typeof resolved>): Result<PreparedCall<Options>> => {
      if (!found.ok) return found;
      const { credentials, secrets, spentMs } = found.value;
      return ok({ options: withTimeSpent(options, spentMs), baseUrl, credentials, secrets });
    };
    return resolved instanceof Promise ? resolved.then(finish) : finish(resolved);
  };
}

/** One deadline for the whole call: what credential functions took comes off `totalTimeoutMs`. */
const withTimeSpent = <Options>(options: Resolved<Options>, spentMs = 0): Resolved<Options> =>
  spentMs > 0 && options.totalTimeoutMs
    ? { ...options, totalTimeoutMs: Math.max(1, options.totalTimeoutMs - spentMs) }
    : options;
