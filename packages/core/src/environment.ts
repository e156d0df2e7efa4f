/** Where credentials and base URLs are read when no option gives them: a name-to-value record like `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

const processEnvironment = (): Environment | undefined =>
  (globalThis as { process?: { env?: Environment } }).process?.env;

/**
 * Reads an environment variable at call time, trimmed, an empty one as absent; edge runtimes without `process`
 * simply have none. `environment` replaces `process.env`, e.g. for a command that also reads an `--env-file`.
 */
export function readEnvironment(name: string, environment = processEnvironment()): string | undefined {
  const value = environment?.[name]?.trim();
  return value ? value : undefined;
}
