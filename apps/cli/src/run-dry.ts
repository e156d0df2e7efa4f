import type { CancelClient } from '@cancel/core';
import type { CliIo } from './cli-io.js';
import type { RunPlan } from './prepare-run.js';
import { isProblem } from './read-references.js';
import { referenceKey } from './reference-key.js';
import { Screen } from './screen.js';
import { terminalText } from './terminal-text.js';

interface DryLine {
  readonly provider: string;
  readonly orderId: string;
  readonly problem?: string;
  /** `POST https://api.zinc.com/orders/…/cancel`: what the real run would send. */
  readonly request?: string;
  /** The line where an order named again was first named (0: the command line). */
  readonly firstLine?: number;
}

/**
 * Checks every order as the real run would, through the real client with a fetch that sends nothing and only
 * notes the method and URL: the ID rule, the credentials, the URL it would go to, and orders named twice.
 * Nothing is sent and nothing is journaled. Exit 1 when an order is invalid, as the real run would fail it.
 */
export async function runDry(plan: RunPlan, io: CliIo): Promise<number> {
  const screen = new Screen(io, plan.secrets);
  const tally = { valid: 0, invalid: 0, skipped: 0, repeated: 0 };
  const firstLines = new Map<string, number>();
  const clients = dryClients(plan);
  for await (const item of plan.items(plan.comments?.see)) {
    const line = isProblem(item)
      ? { provider: '', orderId: '', problem: `line ${item.line}: ${item.problem}` }
      : await check(item, clients, firstLines, plan);
    if (line === undefined) {
      tally.skipped++;
      continue;
    }
    if (line.problem) tally.invalid++;
    else if (line.firstLine !== undefined) tally.repeated++;
    else tally.valid++;
    await show(line, plan, screen);
  }
  const warning = plan.comments?.message();
  if (warning) await screen.say(screen.paint('yellow', warning));
  const checked = tally.valid + tally.invalid + tally.repeated;
  await screen.say(
    `Dry run, nothing sent: ${checked} order(s) checked, ${tally.valid} valid, ${tally.invalid} invalid` +
      (tally.repeated > 0 ? `, ${tally.repeated} named again (each sent once)` : '') +
      (tally.skipped > 0 ? `, ${tally.skipped} skipped as already succeeded in ${plan.journalPath}` : '') +
      `. Credentials present for: ${[...plan.providers.values()]
        .filter((run) => run.credentials.missing.length === 0)
        .map((run) => run.provider.spec.displayName)
        .join(', ')}.`,
  );
  return tally.invalid > 0 ? 1 : 0;
}

interface DryClient {
  readonly client: CancelClient;
  readonly sent: { request?: string };
  readonly missing: readonly string[];
}

function dryClients(plan: RunPlan): Map<string, DryClient> {
  const clients = new Map<string, DryClient>();
  for (const [id, run] of plan.providers) {
    const sent: { request?: string } = {};
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      sent.request = `${init?.method ?? 'GET'} ${String(url)}`;
      return new Response(null, { status: 204 });
    };
    const settings = {
      ...run.settings,
      fetch: fetch as typeof globalThis.fetch,
      rateLimits: false as const,
      retries: 0,
    };
    clients.set(id, {
      client: run.provider.create(settings, run.credentials.values),
      sent,
      missing: run.credentials.missing,
    });
  }
  return clients;
}

async function check(
  item: { provider: string; orderId: string; line: number },
  clients: Map<string, DryClient>,
  firstLines: Map<string, number>,
  plan: RunPlan,
): Promise<DryLine | undefined> {
  const { provider, orderId } = item;
  const key = referenceKey(provider, orderId);
  if (plan.resumed?.succeeded.has(key)) return undefined;
  const dry = clients.get(provider);
  if (!dry) return { provider, orderId, problem: `unknown provider ${JSON.stringify(provider)}` };
  if (dry.missing.length > 0) return { provider, orderId, problem: `missing ${dry.missing.join('; ')}` };
  const firstLine = firstLines.get(key);
  if (firstLine !== undefined) return { provider, orderId, firstLine };
  firstLines.set(key, item.line);
  dry.sent.request = undefined;
  const result = await dry.client.cancelOrder(orderId);
  if (!result.ok && result.error.code === 'invalid_input')
    return { provider, orderId, problem: result.error.message };
  return { provider, orderId, request: dry.sent.request };
}

async function show(line: DryLine, plan: RunPlan, screen: Screen): Promise<void> {
  const { provider, orderId } = line;
  if (plan.output === 'json') {
    const json = line.problem
      ? {
          provider,
          orderId,
          ok: false,
          dryRun: true,
          error: { code: 'invalid_input', message: line.problem, retryable: false },
        }
      : {
          provider,
          orderId,
          ok: true,
          dryRun: true,
          request: line.request,
          duplicate: line.firstLine !== undefined || undefined,
        };
    return screen.print(JSON.stringify(json));
  }
  const who = `${plan.acrossProviders ? `${provider} ` : ''}${terminalText(orderId)}`;
  if (line.problem) {
    return screen.say(
      `${screen.paint('red', '✗')} ${who}  ${screen.paint('red', 'invalid_input')}: ${terminalText(line.problem, 2000)}`,
    );
  }
  if (line.firstLine !== undefined) {
    const where = line.firstLine === 0 ? 'on the command line' : `on line ${line.firstLine}`;
    return screen.say(
      `${screen.paint('yellow', '!')} ${who}  named again (first ${where}): sent once, reported for each`,
    );
  }
  await screen.say(
    `${screen.paint('green', '✓')} ${who}  valid, would send ${terminalText(line.request ?? '', 2000)}`,
  );
}
