import type { CliIo } from './cli-io.js';
import type { CliProvider } from './cli-provider.js';
import { type DemoRow, demoReport } from './demo-report.js';

/**
 * Every provider against the sandbox, in this process: no credentials, no network, a few seconds. The seeded
 * orders cover each outcome and the main error codes; the demo passes when each ends as the sandbox means.
 */
export async function runDemo(io: CliIo, providers: readonly CliProvider[]): Promise<number> {
  const startedAt = Date.now();
  // Loaded on demand: a plain cancel run never pays for the simulator.
  const { startSandbox } = await import('@cancel/sandbox');
  const sandbox = await startSandbox({ port: 0, rateLimits: true, seed: true });
  io.stderr.write(
    `Sandbox of all ${providers.length} providers listening at ${sandbox.url}, in this process only.\n`,
  );
  let rows: DemoRow[][];
  try {
    rows = await Promise.all(
      providers.map((provider) => {
        const id = provider.spec.id as keyof typeof sandbox.baseUrls;
        const credentials = sandbox.credentials[id] as Readonly<Record<string, string>>;
        // One client per order: each seeded answer is meant for an order sent on its own, and a client learns
        // from a 429 (the Retry-After: 120 order) to slow down every later request it sends.
        return Promise.all(
          sandbox.demoOrders[id].map(async (order): Promise<DemoRow> => {
            const client = provider.create({ baseUrl: sandbox.baseUrls[id] }, credentials);
            const result = await client.cancelOrder(order.id, { signal: io.interrupt });
            return { provider: id, orderId: order.id, expect: order.expect, note: order.note, result };
          }),
        );
      }),
    );
  } finally {
    await sandbox.close();
  }
  return demoReport(rows.flat(), Date.now() - startedAt, io);
}
