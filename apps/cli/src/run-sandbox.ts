import { writeFileSync } from 'node:fs';
import type { Sandbox } from '@cancel/sandbox';
import type { CliIo } from './cli-io.js';
import type { CliProvider } from './cli-provider.js';
import { csvRow } from './csv-row.js';
import { fileProblem } from './env-file.js';
import type { SandboxValues } from './parse-command-line.js';
import { wholeNumber } from './resolve-settings.js';
import { UsageError } from './usage-error.js';

interface OrderBatch {
  /** Undefined: every provider. */
  readonly provider: string | undefined;
  readonly count: number;
  readonly state: string;
}

const commonStates = ['pending', 'accepted', 'in_progress', 'shipped', 'delivered', 'cancelled'];

/**
 * Serves the simulator until Ctrl-C or SIGTERM, which the sandbox package handles by closing its server;
 * it prints the base URLs and test credentials, seeds `--orders` and writes their IDs as CSV that
 * `cancel-order --file` reads, and on the way out says how often each seeded order was cancelled, so a
 * drill can check that nothing was cancelled twice. Status 0 after a clean shutdown.
 */
export async function runSandbox(
  values: SandboxValues,
  io: CliIo,
  providers: readonly CliProvider[],
): Promise<number> {
  const port = values.port === undefined ? undefined : wholeNumber('--port', values.port, 0, 65_535);
  const ids = providers.map((provider) => provider.spec.id);
  const batches = (values.orders ?? []).map((text) => orderBatch(text, ids));
  const ordersToStdout = batches.length > 0 && (values['orders-file'] ?? '-') === '-';
  const { serveSandbox, sandboxEnvironment } = await import('@cancel/sandbox');
  const served = await serveSandbox({
    port,
    rateLimits: !values['no-rate-limits'],
    seed: !values['no-seed'],
    // The banner moves to stderr when stdout carries the seeded orders.
    output: ordersToStdout ? io.stderr : io.stdout,
  });
  let seeded: SeededOrder[];
  try {
    seeded = seed(served, batches, ids);
    if (batches.length > 0) writeOrders(seeded, values['orders-file'], io);
    if (values['write-env'] !== undefined) {
      const lines = Object.entries(sandboxEnvironment(served)).map(([name, value]) => `${name}=${value}`);
      writeOrFail(values['write-env'], `${lines.join('\n')}\n`, '--write-env');
      io.stderr.write(
        `Wrote the base URLs and test credentials to ${values['write-env']} (for --env-file).\n`,
      );
    }
  } catch (error) {
    await served.close();
    throw error;
  }
  await served.closed;
  io.stderr.write(`Sandbox stopped.${seeded.length > 0 ? ` ${cancelReport(served, seeded)}` : ''}\n`);
  return 0;
}

/** `3000`, `3000:pending`, `zinc=5:shipped`. */
function orderBatch(text: string, ids: readonly string[]): OrderBatch {
  const match = /^(?:([a-z][\w-]*)=)?(\d+)(?::([\w-]+))?$/i.exec(text.trim());
  if (!match) {
    throw new UsageError(
      `--orders takes N[:state], optionally for one provider as PROVIDER=N[:state] (e.g. --orders 3000 --orders zinc=5:shipped), not ${JSON.stringify(text.slice(0, 40))}.`,
    );
  }
  const [, provider, count, state = 'pending'] = match;
  if (provider !== undefined && !ids.includes(provider)) {
    throw new UsageError(
      `--orders ${text}: unknown provider ${JSON.stringify(provider)}; the providers are ${ids.join(', ')}.`,
    );
  }
  if (provider === undefined && !commonStates.includes(state)) {
    throw new UsageError(
      `--orders ${text}: the state for every provider is one of ${commonStates.join(', ')}; a provider's own status needs PROVIDER=N:status.`,
    );
  }
  return { provider, count: wholeNumber('--orders', count!, 1, 1_000_000), state };
}

interface SeededOrder {
  readonly provider: string;
  readonly orderId: string;
  readonly state: string;
}

function seed(sandbox: Sandbox, batches: readonly OrderBatch[], ids: readonly string[]): SeededOrder[] {
  const seeded: SeededOrder[] = [];
  for (const batch of batches) {
    for (const provider of batch.provider === undefined ? ids : [batch.provider]) {
      for (let index = 0; index < batch.count; index++) {
        try {
          const orderId = sandbox.addOrder(provider as never, { state: batch.state as never });
          seeded.push({ provider, orderId, state: batch.state });
        } catch (error) {
          throw new UsageError(`--orders: ${(error as Error).message}.`);
        }
      }
    }
  }
  return seeded;
}

function writeOrders(seeded: readonly SeededOrder[], path: string | undefined, io: CliIo): void {
  const text = `provider,orderId,state\n${seeded.map((order) => `${csvRow([order.provider, order.orderId, order.state])}\n`).join('')}`;
  if (path === undefined || path === '-') {
    io.stdout.write(text);
    return;
  }
  writeOrFail(path, text, '--orders-file');
  io.stderr.write(
    `Seeded ${seeded.length.toLocaleString('en-US')} orders; their IDs are in ${path} (provider,orderId,state).\n`,
  );
}

function writeOrFail(path: string, text: string, flag: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`Cannot write ${flag} ${path}: ${fileProblem(error)}.`);
  }
}

/** `Seeded orders: 14,990 cancelled once, none twice, 10 not cancelled.` from the sandbox's own counts. */
function cancelReport(sandbox: Sandbox, seeded: readonly SeededOrder[]): string {
  let once = 0;
  let more = 0;
  let never = 0;
  for (const order of seeded) {
    const changes = sandbox.stateChanges(order.provider as never, order.orderId);
    if (changes === 1) once++;
    else if (changes > 1) more++;
    else never++;
  }
  const number = (value: number) => value.toLocaleString('en-US');
  return `Seeded orders: ${number(once)} cancelled once, ${more === 0 ? 'none' : number(more)} more than once, ${number(never)} not cancelled.`;
}
