import { CancelError } from './cancel-error.js';
import { unsendableAt } from './characters.js';
import { deadline, type Stopped, stoppedBy } from './deadline.js';
import { type Environment, readEnvironment } from './environment.js';
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

const credentialError = (
  context: Context,
  code: 'invalid_input' | 'missing_credentials' | 'aborted' | 'timeout',
  message: string,
  cause?: unknown,
) => new CancelError({ code, provider: context.provider, message, cause });

const failure = (...args: Parameters<typeof credentialError>) => err(credentialError(...args));

/**
 * Reads and checks the credentials for one call. Synchronous unless a credential is a function, so the common
 * case (strings, or the environment) adds no wait to a call.
 */
export function resolveCredentials(
  specs: readonly CredentialSpec[],
  options: Readonly<Record<string, unknown>>,
  context: Context,
): Result<ResolvedCredentials> | Promise<Result<ResolvedCredentials>> {
  let anyFunction = false;
  for (const spec of specs) anyFunction ||= typeof options[spec.option] === 'function';
  if (!anyFunction) return check(specs, options, context);
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

/** One credential that cannot be used, with the error a library user gets for it (it names no value). */
export interface CredentialProblem {
  readonly credential: CredentialSpec;
  readonly error: CancelError;
}

export interface CredentialCheck {
  /** By factory option, the credentials that can be used; an absent optional one has no key. */
  readonly credentials: Readonly<Record<string, string>>;
  /** The values of `credentials` that are secret, for redaction. */
  readonly secrets: readonly string[];
  /** Every credential that is missing or unusable, in the spec's order; empty when there is none. */
  readonly problems: readonly CredentialProblem[];
}

/**
 * The rule `resolveCredentials` applies, for a caller that reports every problem at once instead of the first,
 * such as a command checking a whole run before it sends anything. `values` are by factory option and must be
 * strings already (a credential function is refused, not called); `environment` is read instead of `process.env`.
 */
export function checkCredentials(
  specs: readonly CredentialSpec[],
  values: Readonly<Record<string, unknown>>,
  environment: Environment,
  context: Context,
): CredentialCheck {
  const credentials: Record<string, string> = {};
  const secrets: string[] = [];
  const problems = inspect(specs, values, context, environment, true, credentials, secrets);
  return { credentials, secrets, problems: problems ?? [] };
}

function check(
  specs: readonly CredentialSpec[],
  options: Readonly<Record<string, unknown>>,
  context: Context,
): Result<ResolvedCredentials> {
  const values: Record<string, string> = {};
  const secrets: string[] = [];
  const problems = inspect(specs, options, context, undefined, false, values, secrets);
  return problems ? err(problems[0]!.error) : ok({ credentials: values, secrets });
}

/**
 * Fills `values` and `secrets` with what can be used and returns what cannot: every problem when `every`, else
 * the first. On every call's path, so it allocates nothing beyond what it fills unless something is wrong.
 */
function inspect(
  specs: readonly CredentialSpec[],
  options: Readonly<Record<string, unknown>>,
  context: Context,
  environment: Environment | undefined,
  every: boolean,
  values: Record<string, string>,
  secrets: string[],
): CredentialProblem[] | undefined {
  let problems: CredentialProblem[] | undefined;
  for (const spec of specs) {
    const value = credentialValue(spec, options[spec.option], context, environment);
    if (typeof value === 'string') {
      values[spec.option] = value;
      if (!spec.public) secrets.push(value);
    } else if (value !== undefined) {
      problems ??= [];
      problems.push({ credential: spec, error: value });
      if (!every) break;
    }
  }
  return problems;
}

/** The option, else the variable, trimmed; undefined for an optional one found nowhere, or the error saying why not. */
function credentialValue(
  spec: CredentialSpec,
  given: unknown,
  context: Context,
  environment: Environment | undefined,
): string | undefined | CancelError {
  if (given !== undefined && given !== null && typeof given !== 'string') {
    return credentialError(
      context,
      'invalid_input',
      `The ${context.displayName} \`${spec.option}\` option must be a string, not ${typeof given}.`,
    );
  }
  const value = (given as string | undefined | null)?.trim() || readEnvironment(spec.env, environment);
  if (value === undefined) {
    if (spec.optional) return undefined;
    return credentialError(
      context,
      'missing_credentials',
      `No ${context.displayName} ${spec.label}: pass \`${spec.option}\` to ${context.factory}() or set the ${spec.env} environment variable.`,
    );
  }
  const at = unsendableAt(value);
  if (at < 0) return value;
  return credentialError(
    context,
    'invalid_input',
    `The ${context.displayName} ${spec.label} (\`${spec.option}\` or ${spec.env}) has a character at position ${at + 1} that HTTP headers cannot carry (a control character, an invisible space, a non-Latin letter); type it again.`,
  );
}
