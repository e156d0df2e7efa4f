import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { closestName } from './closest-name.js';
import {
  type cancelOptions,
  cancelOptionsWith,
  demoOptions,
  numericFlags,
  sandboxOptions,
  topOptions,
} from './command-options.js';
import { UsageError } from './usage-error.js';

type Values<Options extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: Options; allowPositionals: true; strict: true }>
>['values'];

/** The run's flags, and credential flags by name (`api-key`). */
export type CancelValues = Values<typeof cancelOptions> &
  Readonly<Record<string, string | boolean | undefined>>;
export type SandboxValues = Values<typeof sandboxOptions>;

export type Invocation =
  | { readonly command: 'help'; readonly topic?: string | undefined; readonly requested: boolean }
  | { readonly command: 'version' }
  | { readonly command: 'demo'; readonly help: boolean }
  | { readonly command: 'sandbox'; readonly values: SandboxValues }
  | { readonly command: 'worker'; readonly args: readonly string[] }
  | {
      readonly command: 'cancel';
      /** Undefined for a run across providers: the input names each order's provider. */
      readonly provider: string | undefined;
      readonly orderIds: readonly string[];
      readonly values: CancelValues;
    };

export function parseCommandLine(
  given: readonly string[],
  providerIds: readonly string[],
  credentialFlags: readonly string[] = [],
): Invocation {
  const args = joinNegativeNumbers(given);
  const runOptions = cancelOptionsWith(credentialFlags);
  const allOptions = { ...runOptions, ...sandboxOptions, ...topOptions };
  // A lenient first pass only to find the command: flags may come before it, and values of string flags are not it.
  const { tokens } = parseArgs({
    args: [...args],
    options: allOptions,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const first = tokens.find((token) => token.kind === 'positional');
  if (!first && args.some((arg) => arg === '--file' || arg.startsWith('--file='))) {
    const { values } = parseStrict(args, runOptions, 'cancel-order', false);
    return { command: 'cancel', provider: undefined, orderIds: [], values: values as CancelValues };
  }
  if (!first) {
    const values = parseStrict(args, topOptions, 'cancel-order', false).values;
    if (values.version) return { command: 'version' };
    return { command: 'help', requested: values.help === true };
  }
  const command = first.value;
  const rest = args.filter((_, index) => index !== first.index);
  if (command === 'help') {
    return {
      command: 'help',
      topic: parseStrict(rest, {}, 'cancel-order help', true).positionals[0],
      requested: true,
    };
  }
  if (command === 'demo') {
    return {
      command: 'demo',
      help: parseStrict(rest, demoOptions, 'cancel-order demo', false).values.help === true,
    };
  }
  if (command === 'sandbox') {
    const { values } = parseStrict(rest, sandboxOptions, 'cancel-order sandbox', false);
    return { command: 'sandbox', values };
  }
  if (command === 'worker') return { command: 'worker', args: rest };
  if (providerIds.includes(command)) {
    const { values, positionals } = parseStrict(rest, runOptions, `cancel-order ${command}`, true);
    return { command: 'cancel', provider: command, orderIds: positionals, values: values as CancelValues };
  }
  const suggestion = closestName(command, [...providerIds, 'demo', 'sandbox']);
  throw new UsageError(
    `Unknown provider or command ${JSON.stringify(command.slice(0, 40))}.${suggestion ? ` Did you mean ${suggestion}?` : ''}\n` +
      `Providers: ${providerIds.join(', ')}. Commands: demo, sandbox. See cancel-order --help.`,
  );
}

/** `--retries -1` becomes `--retries=-1`, so that the value is checked and named instead of called missing. */
function joinNegativeNumbers(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const next = args[index + 1];
    if (numericFlags.includes(args[index]!) && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${args[index]}=${next}`);
      index++;
    } else joined.push(args[index]!);
  }
  return joined;
}

export function parseStrict<Options extends ParseArgsOptionsConfig>(
  args: readonly string[],
  options: Options,
  usage: string,
  allowPositionals: boolean,
) {
  let parsed: ReturnType<typeof parseArgs<{ options: Options; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw explain(error, args, options, usage);
  }
  // Not echoed: a stray argument is sometimes a key pasted in the wrong place.
  if (!allowPositionals && parsed.positionals.length > 0) {
    throw new UsageError(`${usage} takes no arguments besides its flags. See ${usage} --help.`);
  }
  return parsed;
}

/** Node's own messages are fine, but these name the fix and suggest the flag that was probably meant. */
function explain(error: unknown, args: readonly string[], options: ParseArgsOptionsConfig, usage: string) {
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const see = `See ${usage} --help.`;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (!option) {
      const flags = Object.keys(options).map((name) => `--${name}`);
      const suggestion = closestName(`--${token.name}`, flags);
      return new UsageError(
        `Unknown option ${token.rawName} for ${usage}.${suggestion ? ` Did you mean ${suggestion}?` : ''} ${see}`,
      );
    }
    if (
      option.type === 'string' &&
      (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))
    ) {
      return new UsageError(
        `${token.rawName} needs a value, as in ${token.rawName} VALUE (or ${token.rawName}=VALUE for a value that starts with -). ${see}`,
      );
    }
    if (option.type === 'boolean' && token.value !== undefined) {
      return new UsageError(`${token.rawName} is a switch and takes no value. ${see}`);
    }
  }
  const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return new UsageError(`${reason} ${see}`);
}
