import { open } from 'node:fs/promises';
import { fileProblem } from './env-file.js';
import { UsageError } from './usage-error.js';

/**
 * Opens `--file` before anything is sent, so that a wrong path is a usage error (exit 2) and not a run that
 * stops half-way. `-` is stdin.
 */
export async function openOrderFile(
  path: string,
  stdin: NodeJS.ReadableStream,
): Promise<AsyncIterable<string | Uint8Array>> {
  if (path === '-') return stdin as AsyncIterable<string | Uint8Array>;
  try {
    const handle = await open(path, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw new UsageError(
        `Cannot read --file ${path}: it is a directory; give a file with one order ID per line.`,
      );
    }
    return handle.createReadStream();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read --file ${path}: ${fileProblem(error)}. Nothing was sent.`);
  }
}
