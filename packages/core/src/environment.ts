/** Reads an environment variable at call time; edge runtimes without `process` simply have none. */
export function readEnvironment(name: string): string | undefined {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = environment?.[name]?.trim();
  return value ? value : undefined;
}
