import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ProviderId, type Sandbox, sandboxEnvironment, startSandbox } from '@cancel/sandbox';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonLines, runBinary, startBinary, waitFor } from './run-binary.js';
import { scratchDirectory } from './scratch-directory.js';

let sandbox: Sandbox;
let env: Record<string, string>;
const directory = scratchDirectory;
const file = (name: string, text: string) => {
  const path = join(directory(), name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimits: false, seed: false });
  env = sandboxEnvironment(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const add = (provider: ProviderId, state: 'pending' | 'shipped' = 'pending') =>
  sandbox.addOrder(provider, { state });
const sent = (provider: ProviderId) =>
  sandbox.requests.filter((request) => request.provider === provider).flatMap((request) => request.orderIds);
/** The env file a user writes: credentials and base URLs, none of them on the command line. */
const envFile = () =>
  file(
    'sandbox.env',
    `# sandbox\n${Object.entries(env)
      .map(([name, value]) => `${name}="${value}"`)
      .join('\n')}\n`,
  );

describe('cancel-order --file without a provider', () => {
  it('reads CSV with provider and order_id columns anywhere, extra columns ignored, RFC 4180 quoting', async () => {
    const zinc = [add('zinc'), add('zinc')];
    const fincart = Array.from({ length: 40 }, () => add('fincart'));
    const csv = [
      'note,order_id,Provider',
      `"refund, asked by phone",${zinc[0]},zinc`,
      `"a ""quoted"" note\nover two lines",${fincart[0]},fincart`,
      `,${zinc[1]},zinc`,
      ...fincart.slice(1).map((id) => `x,"${id}",fincart`),
    ].join('\r\n');
    const run = await runBinary([
      '--file',
      file('orders.csv', `\uFEFF${csv}\r\n`),
      '--env-file',
      envFile(),
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(sent('zinc').sort()).toEqual([...zinc].sort());
    // Fincart's orders go in native batches (a batch goes out early when the input pauses, hence not exactly one).
    expect(sandbox.requests.filter((request) => request.provider === 'fincart').length).toBeLessThanOrEqual(
      3,
    );
    expect(sent('fincart').sort()).toEqual([...fincart].sort());
    expect(parseJsonLines(run.stdout)).toHaveLength(42);
    expect(run.stderr).toMatch(/zinc\s+2 orders: 2 cancelled/);
    expect(run.stderr).toMatch(/fincart\s+40 orders: 40 requested/);
  });

  it('takes a spreadsheet’s "Order ID" header and "Zinc" for zinc', async () => {
    const id = add('zinc');
    const run = await runBinary(
      ['--file', file('export.csv', `Provider,Order ID,Total\nZinc,${id},12.50\n`)],
      { env },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(sent('zinc')).toEqual([id]);
  });

  it('reads JSON Lines, and prints CSV with --csv', async () => {
    const ids = [add('snappy'), add('fungies'), add('fungies', 'shipped')];
    const lines = [
      { provider: 'snappy', orderId: ids[0] },
      { provider: 'fungies', orderId: ids[1], note: 'ignored' },
      { provider: 'fungies', orderId: ids[2] },
    ];
    const input = file('orders.jsonl', lines.map((line) => JSON.stringify(line)).join('\n'));
    const run = await runBinary(['--file', input, '--csv'], { env });
    expect(run.status).toBe(1);
    const rows = parse(run.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.provider, row.orderId, row.ok, row.outcome || row.code]).sort()).toEqual(
      [
        ['snappy', ids[0], 'true', 'cancelled'],
        ['fungies', ids[1], 'true', 'cancelled'],
        ['fungies', ids[2], 'false', 'not_cancellable'],
      ].sort(),
    );
  });

  it('checks the whole file first: every unknown provider and missing credential listed, exit 2, nothing sent', async () => {
    const csv = `provider,orderId\nzinc,${add('zinc')}\nzink,1\nacme,2\noffergrid,${add('offergrid')}\nzink,3\n,4\n`;
    const { ZINC_API_KEY: _, OFFERGRID_API_KEY: __, ...withoutKeys } = env;
    const run = await runBinary(['--file', file('orders.csv', csv)], { env: withoutKeys });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('lines 3, 6: unknown provider "zink" (did you mean zinc?)');
    expect(run.stderr).toContain('line 4: unknown provider "acme"');
    expect(run.stderr).toContain('line 7: no "provider"');
    expect(run.stderr).toContain('the Zinc API key: set ZINC_API_KEY in the environment or the --env-file');
    expect(run.stderr).toContain('the OfferGrid API key: set OFFERGRID_API_KEY');
    expect(sandbox.requests).toHaveLength(0);
  });

  it('lists an unusable key at one provider with a missing one at another, exit 2, nothing sent', async () => {
    const csv = `provider,orderId\nzinc,${add('zinc')}\noffergrid,${add('offergrid')}\n`;
    const { OFFERGRID_API_KEY: _, ...withoutOfferGrid } = env;
    const run = await runBinary(['--file', file('orders.csv', csv)], {
      env: { ...withoutOfferGrid, ZINC_API_KEY: 'zn_test_\u200bpasted' },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('has 2 problems; nothing was sent:');
    expect(run.stderr).toContain('The Zinc API key (ZINC_API_KEY) has a character at position 9');
    expect(run.stderr).toContain('missing the OfferGrid API key: set OFFERGRID_API_KEY');
    expect(run.stderr).not.toContain('pasted');
    expect(sandbox.requests).toHaveLength(0);
  });

  it('refuses a header without the columns, naming the form a file of IDs needs', async () => {
    const run = await runBinary(['--file', file('ids.txt', `${add('zinc')}\n`)], { env });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cancel-order <provider> --file PATH');
    expect(sandbox.requests).toHaveLength(0);
  });

  it('streams stdin and fails a bad line on its own', async () => {
    const good = add('zinc');
    const input = `provider,orderId\nzinc,${good}\nzink,5\nzinc,\n`;
    const run = await runBinary(['--file', '-', '--json'], { env, input });
    expect(run.status).toBe(1);
    expect(sent('zinc')).toEqual([good]);
    const lines = parseJsonLines(run.stdout);
    expect(
      lines.filter((line) => line.ok === false).map((line) => (line.error as { code: string }).code),
    ).toEqual(['invalid_input', 'invalid_input']);
    expect(JSON.stringify(lines)).toContain('Did you mean zinc?');
  });

  it('fails the orders of a provider without credentials one by one when stdin names it, and sends the rest', async () => {
    const zinc = add('zinc');
    const snappy = add('snappy');
    const { SNAPPY_API_KEY: _, ...withoutSnappy } = env;
    const input = `{"provider":"zinc","orderId":"${zinc}"}\n{"provider":"snappy","orderId":"${snappy}"}\n`;
    const run = await runBinary(['--file', '-', '--json'], { env: withoutSnappy, input });
    expect(run.status).toBe(1);
    expect(sent('zinc')).toEqual([zinc]);
    expect(sent('snappy')).toEqual([]);
    const line = parseJsonLines(run.stdout).find((entry) => entry.provider === 'snappy');
    expect(line).toMatchObject({ ok: false, error: { code: 'missing_credentials' } });
    expect(JSON.stringify(line)).toContain('SNAPPY_API_KEY');
  });

  it('writes --failed, which --file reads back as it is, and the summary counts its retryable ones', async () => {
    const ok = add('zinc');
    const shipped = add('offergrid', 'shipped');
    const flaky = add('snappy');
    sandbox.inject('snappy', flaky, { type: 'server_error', times: 3 });
    const failed = join(directory(), 'failed.csv');
    const csv = `provider,orderId\nzinc,${ok}\noffergrid,${shipped}\nsnappy,${flaky}\n`;
    const first = await runBinary(['--file', file('orders.csv', csv), '--failed', failed, '--retries', '0'], {
      env,
    });
    expect(first.status).toBe(1);
    const rows = parse(readFileSync(failed, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.provider, row.orderId, row.code, row.retryable]).sort()).toEqual(
      [
        ['offergrid', shipped, 'not_cancellable', 'false'],
        ['snappy', flaky, 'provider_error', 'true'],
      ].sort(),
    );
    expect(first.stderr).toContain(`Failed orders: ${failed} (2, 1 retryable).`);
    expect(first.stderr).toContain('Failures:');
    expect(first.stderr).toContain(
      `1 failed order(s) may succeed if sent again: cancel-order --file ${failed}`,
    );

    const before = sandbox.requests.length;
    const again = await runBinary(['--file', failed, '--failed', failed, '--retries', '0'], { env });
    expect(
      sandbox.requests
        .slice(before)
        .flatMap((request) => request.orderIds)
        .sort(),
    ).toEqual([flaky, shipped].sort());
    expect(again.status).toBe(1);
    // The file named as input and output was read whole before it was replaced.
    expect(readFileSync(failed, 'utf8')).toContain(shipped);
  });

  it('shows no resume hint when nothing retryable is left', async () => {
    const csv = `provider,orderId\nzinc,${add('zinc', 'shipped')}\n`;
    const run = await runBinary(
      ['--file', file('orders.csv', csv), '--journal', join(directory(), 'j.jsonl')],
      { env },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('not_cancellable');
    expect(run.stderr).not.toContain('--resume');
  });

  it('resumes across providers from one journal', async () => {
    const ids = { zinc: add('zinc'), fungies: add('fungies'), fincart: add('fincart') };
    const journal = join(directory(), 'run.jsonl');
    const firstCsv = file('first.csv', `provider,orderId\nzinc,${ids.zinc}\nfungies,${ids.fungies}\n`);
    expect((await runBinary(['--file', firstCsv, '--journal', journal], { env })).status).toBe(0);
    const before = sandbox.requests.length;
    const all = file(
      'all.csv',
      `provider,orderId\n${Object.entries(ids)
        .map(([provider, id]) => `${provider},${id}`)
        .join('\n')}\n`,
    );
    const run = await runBinary(['--file', all, '--journal', journal, '--resume'], { env });
    expect(run.status).toBe(0);
    expect(sandbox.requests.slice(before).flatMap((request) => request.orderIds)).toEqual([ids.fincart]);
    expect(run.stderr).toContain('skipped    2 already succeeded');
  });

  it('sends an order named twice once and reports it for each occurrence', async () => {
    const id = add('zinc');
    const csv = `provider,orderId\nzinc,${id}\nzinc,${id}\nzinc,${id}\n`;
    const run = await runBinary(['--file', file('orders.csv', csv), '--json'], { env });
    expect(run.status).toBe(0);
    expect(sent('zinc')).toEqual([id]);
    const lines = parseJsonLines(run.stdout);
    expect(lines).toHaveLength(3);
    expect(lines.filter((line) => line.duplicate === true)).toHaveLength(2);
    expect(run.stderr).toContain('repeated   2 named again in the input, sent once');
  });

  it('dry run shows the URL each order would go to and flags repeated orders, sending nothing', async () => {
    const id = add('offergrid');
    const csv = `provider,orderId\noffergrid,${id}\noffergrid,${id}\n`;
    const run = await runBinary(['--file', file('orders.csv', csv), '--dry-run'], { env });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      `would send PATCH ${sandbox.baseUrls.offergrid}/reseller/orders/${id}/cancel`,
    );
    expect(run.stderr).toContain('named again (first on line 2): sent once');
    expect(sandbox.requests).toHaveLength(0);
  });

  it('tells a user who gives a provider with a file that names providers to drop the argument', async () => {
    const csv = file(
      'failed.csv',
      `provider,orderId,code,retryable,message\nzinc,${add('zinc')},timeout,true,x\n`,
    );
    const run = await runBinary(['zinc', '--file', csv], { env });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('run it without the provider argument');
    expect(sandbox.requests).toHaveLength(0);
  });

  it('refuses a credential flag or --base-url, which would be ambiguous across providers', async () => {
    const csv = file('orders.csv', `provider,orderId\nzinc,${add('zinc')}\n`);
    const run = await runBinary(['--file', csv, '--api-key', 'zn_test_x'], { env });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--env-file');
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('when stdout’s reader goes away (| head -1)', () => {
  it('stops sending, finishes what is in flight, says how many were not sent and how to resume, exits 1', async () => {
    const ids = Array.from({ length: 200 }, () => add('zinc'));
    for (const id of ids) sandbox.inject('zinc', id, { type: 'delay', ms: 20 });
    const csv = file('orders.csv', `provider,orderId\n${ids.map((id) => `zinc,${id}`).join('\n')}\n`);
    const journal = join(directory(), 'run.jsonl');
    const { child, done } = startBinary(
      ['--file', csv, '--json', '--concurrency', '2', '--journal', journal],
      { env },
    );
    let firstLine = '';
    child.stdout.on('data', (chunk: Buffer) => {
      firstLine ||= chunk.toString().split('\n')[0]!;
      child.stdout.destroy();
    });
    await waitFor(() => firstLine !== '', 'the first line');
    const run = await done;
    expect(run.status).toBe(1);
    const sentCount = sent('zinc').length;
    expect(sentCount).toBeLessThan(ids.length);
    const notSent = Number(/([\d,]+) order\(s\) were not sent/.exec(run.stderr)?.[1]?.replace(',', ''));
    expect(notSent).toBe(ids.length - sentCount);
    expect(run.stderr).toContain(`--journal ${journal} --resume`);
    // Everything sent finished and is in the journal, so the resume sends exactly the rest.
    const journaled = readFileSync(journal, 'utf8').trim().split('\n');
    expect(journaled).toHaveLength(sentCount);
  });

  it('also ends while stdin waits for more, saying the rest of stdin was not read', async () => {
    const ids = Array.from({ length: 30 }, () => add('zinc'));
    for (const id of ids) sandbox.inject('zinc', id, { type: 'delay', ms: 20 });
    const input = `provider,orderId\n${ids.map((id) => `zinc,${id}`).join('\n')}\n`;
    const { child, done } = startBinary(['--file', '-', '--json', '--concurrency', '1'], {
      env,
      input,
      stdinOpen: true,
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const run = await done;
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('The rest of stdin was not read.');
    expect(sent('zinc').length).toBeLessThan(ids.length);
  });
});
