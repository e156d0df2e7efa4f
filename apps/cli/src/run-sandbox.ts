import type { CliIo } from './cli-io.js';
import { wholeNumber } from './resolve-settings.js';

/** Serves the simulator until Ctrl-C or SIGTERM; the sandbox package prints base URLs and test credentials. */
export async function runSandbox(port: string | undefined, io: CliIo): Promise<number> {
  const listenOn = port === undefined ? undefined : wholeNumber('--port', port, 0, 65_535);
  const { serveSandbox } = await import('@cancel/sandbox');
  await serveSandbox({ port: listenOn, output: io.stdout });
  return 0;
}
