import type { CliIo } from './cli-io.js';
import { wholeNumber } from './resolve-settings.js';

/**
 * Serves the simulator until Ctrl-C or SIGTERM, which the sandbox package handles by closing its server;
 * it also prints the base URLs and test credentials. Status 0 after a clean shutdown.
 */
export async function runSandbox(port: string | undefined, io: CliIo): Promise<number> {
  const listenOn = port === undefined ? undefined : wholeNumber('--port', port, 0, 65_535);
  const { serveSandbox } = await import('@cancel/sandbox');
  const served = await serveSandbox({ port: listenOn, output: io.stdout });
  await served.closed;
  io.stderr.write('Sandbox stopped.\n');
  return 0;
}
