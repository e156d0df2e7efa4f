import { CancelError } from './cancel-error.js';
import { unsendableAt } from './characters.js';
import { deadline, type Stopped, stoppedBy } from './deadline.js';
import { readEnvironment } from './environment.js';
import { err, ok, type Result } from './result.js';

/** A credential given as a string, or as a function for keys that rotate (called once per call). */
export type CredentialInput = string | (() => string | Promise<string>);

export interface CredentialSpec {
  /** The factory option, e.g. `apiKey`. */
  readonly option: string;
  /** The environment variable read when the option is absent, e.g. `ZINC_API_KEY`. */
  readonly env: string;
  /** Words for messages, e.g. `API key`. */
  readonly label: string;
  /** The command-line flag without its dashes. Default: the option in kebab case (`apiKey` is `api-key`). */
  readonly flag?: string;
  readonly optional?: boolean;
  /** Identifiers such as an account ID are not secret and are not redacted. */
  readonly public?: boolean;
}

export interface ResolvedCredentials {
  readonly credentials: Readonly<Record<string, string | undefined>>;
  /** Every secret value, for redaction. */
  readonly secrets: readonly string[];
  /** How long credential functions took: part of the call's `totalTimeoutMs`. */
  readonly spentMs?: number;
}

/** The command-line flag of a credential, without its dashes: `api-key` for `apiKey`. */
export function credentialFlag(credential: CredentialSpec): string {
  return credential.flag ?? credential.option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

type Context = { provider: string; displayName: string; factory: string };

const failure = (
  context: Context,
  code: 'invalid_input' | 'missing_credentials' | 'aborted' | 'timeout',
  message: string,
  cause?: unknown,
) => err(new CancelError({ code, provider: context.provider, message, cause }));

/**
 * Reads and checks the credentials for one call. Synchronous unless a credential is a function, so the common
 * case (strings, or the environment) adds no wait to a call.
 */
export function resolveCredentials(
  specs: readonly CredentialSpec[],
  options: Readonly<Record<string, unknown>>,
  context: Context,
): Result<ResolvedCredentials> | Promise<Result<ResolvedCredentials>> {
  if (!specs.some((spec) => typeof options[spec.option] === 'function'))
    return check(specs, options, context);
  return (async () => {
    const started = Date.now();
    const values: Record<string, unknown> = { ...options };
    // A function that never settles must not hang the call: the caller's signal and totalTimeoutMs cover it too.
    const { stopped, clear } = deadline(options.totalTimeoutMs as number, options.signal as AbortSignal);
    try {
      for (const spec of specs) {
        const given = values[spec.option];
        if (typeof given !== 'function') continue;
        const what = `The ${context.displayName} ${spec.label} function passed as \`${spec.option}\``;
        let value: unknown;
        try {
          value = await Promise.race([Promise.resolve().then(given as () => unknown), stopped]);
        } catch (cause) {
          return failure(
            context,
            'missing_credentials',
            `${what} threw; fix it or pass the ${spec.label} as a string.`,
            cause instanceof Error ? new Error(cause.message) : undefined,
          );
        }
        if (value === stoppedBy.aborted || value === stoppedBy.timeout) {
          const { stop } = value as Stopped;
          const when =
            stop === 'aborted'
              ? 'your signal aborted'
              : `totalTimeoutMs (${options.totalTimeoutMs} ms) passed`;
          return failure(context, stop, `${what} had not returned when ${when}; nothing was sent.`);
        }
        values[spec.option] = value;
      }
    } finally {
      clear();
    }
    const checked = check(specs, values, context);
    return checked.ok ? ok({ ...checked.value, spentMs: Date.now() - started }) : checked;
  })();
}

function check(
  specs: readonly CredentialSpec[],
  options: Readonly<Record<string, unknown>>,
  context: Context,
): Result<ResolvedCredentials> {
  const values: Record<string, string | undefined> = {};
  const secrets: string[] = [];
  for (const spec of specs) {
    const value = options[spec.option];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return failure(
        context,
        'invalid_input',
        `The ${context.displayName} \`${spec.option}\` option must be a string, not ${typeof value}.`,
      );
    }
    const trimmed = (value as string | undefined | null)?.trim() || readEnvironment(spec.env);
    if (trimmed === undefined) {
      if (spec.optional) continue;
      return failure(
        context,
        'missing_credentials',
        `No ${context.displayName} ${spec.label}: pass \`${spec.option}\` to ${context.factory}() or set the ${spec.env} environment variable.`,
      );
    }
    const at = unsendableAt(trimmed);
    if (at >= 0) {
      return failure(
        context,
        'invalid_input',
        `The ${context.displayName} ${spec.label} (\`${spec.option}\` or ${spec.env}) has a character at position ${at + 1} that HTTP headers cannot carry (a control character, an invisible space, a non-Latin letter); type it again.`,
      );
    }
    values[spec.option] = trimmed;
    if (!spec.public) secrets.push(trimmed);
  }
  return ok({ credentials: values, secrets });
}
