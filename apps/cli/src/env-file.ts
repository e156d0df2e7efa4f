import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import { UsageError } from './usage-error.js';

/**
 * Reads `--env-file` with Node's own dotenv parser (`util.parseEnv`, the one behind `node --env-file`): the
 * same format as the dotenv package (comments, quotes, `export` prefixes, multi-line values) without a
 * dependency. Its values win over the inherited environment: the file named on the command line is the
 * more deliberate choice. Nothing in it is printed.
 */
export async function readEnvFile(
  path: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Readonly<Record<string, string | undefined>>> {
  if (path === undefined) return env;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read --env-file ${path}: ${fileProblem(error)}. Nothing was sent.`);
  }
  return { ...env, ...parseEnv(text) };
}

/** Words for a file that cannot be opened, instead of Node's ENOENT and EISDIR. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  return (error as Error).message;
}
