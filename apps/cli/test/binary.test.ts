import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, sandboxEnvironment, startSandbox } from '@cancel/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseJsonLines, runBinary } from './run-binary.js';
import { scratchDirectory } from './scratch-directory.js';

let sandbox: Sandbox;
let env: Record<string, string>;
const directory = scratchDirectory;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rateLimits: false, seed: false });
  env = sandboxEnvironment(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const pending = (count: number) =>
  Array.from({ length: count }, () => sandbox.addOrder('zinc', { state: 'pending' }));
const sentIds = () => sandbox.requests.flatMap((request) => request.orderIds);

describe('cancel-order <provider>', () => {
  it('exits 0 when every order succeeds and prints one JSON line per order', async () => {
    const [first, second] = pending(2);
    const cancelled = sandbox.addOrder('zinc', { state: 'cancelled' });
    const run = await runBinary(['zinc', first!, second!, cancelled, '--json'], { env });
    expect(run.status).toBe(0);
    const lines = parseJsonLines(run.stdout);
    expect(lines.map((line) => line.orderId).sort()).toEqual([first, second, cancelled].sort());
    expect(lines.find((line) => line.orderId === cancelled)).toMatchObject({
      provider: 'zinc',
      ok: true,
      outcome: 'already_cancelled',
    });
    expect(run.stderr).toContain('3 orders in');
  });

  it('exits 1 when an order fails, with the error code and message in its line', async () => {
    const [ok] = pending(1);
    const shipped = sandbox.addOrder('zinc', { state: 'shipped' });
    const run = await runBinary(['zinc', ok!, shipped, '--json'], { env });
    expect(run.status).toBe(1);
    const failed = parseJsonLines(run.stdout).find((line) => line.orderId === shipped);
    expect(failed).toMatchObject({ ok: false, error: { code: 'not_cancellable', retryable: false } });
    expect(run.stderr).toMatch(/1 not_cancellable/);
  });

  it('works for every provider with credentials from the environment', async () => {
    for (const provider of ['zinc', 'offergrid', 'snappy', 'fungies', 'fincart'] as const) {
      const id = sandbox.addOrder(provider, { state: 'pending' });
      const run = await runBinary([provider, id, '--json'], { env });
      expect(run.status, `${provider}: ${run.stderr}`).toBe(0);
      expect(sandbox.stateChanges(provider, id)).toBe(1);
    }
  });

  it('takes credentials and the base URL from flags', async () => {
    const [id] = pending(1);
    const { apiKey } = sandbox.credentials.zinc;
    const run = await runBinary(['zinc', id!, '--api-key', apiKey, '--base-url', sandbox.baseUrls.zinc]);
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(apiKey);
  });

  it('reads IDs from --file and from stdin, skipping comments and blank lines', async () => {
    const ids = pending(4);
    const file = join(directory(), 'ids.txt');
    writeFileSync(file, `# to cancel\n${ids[0]}\n\n${ids[1]}\n`);
    const fromFile = await runBinary(['zinc', ids[2]!, '--file', file], { env });
    expect(fromFile.status).toBe(0);
    const fromStdin = await runBinary(['zinc', '--file', '-'], { env, input: `${ids[3]}\n# done\n` });
    expect(fromStdin.status).toBe(0);
    expect(sentIds().sort()).toEqual([...ids].sort());
  });
});

describe('exit status 2: nothing is sent', () => {
  it.each([
    [['zinc', 'x'], {}, 'ZINC_API_KEY'],
    [['fungies', 'x', '--public-key', 'pub_test_1'], {}, '--secret-key or set FUNGIES_SECRET_KEY'],
    [['zinx', 'x'], undefined, 'Did you mean zinc?'],
    [['zinc', 'x', '--retry', '3'], undefined, 'Did you mean --retries?'],
    [['zinc', 'x', '--file', '/no/such/file'], undefined, 'no such file'],
  ])('%j', async (args, overrideEnv, message) => {
    const run = await runBinary(args, { env: overrideEnv ?? env });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(sandbox.requests).toHaveLength(0);
  });

  it('lists every missing credential together, each with its flag and variable', async () => {
    const run = await runBinary(['fungies', 'x'], { env: { FUNGIES_BASE_URL: env.FUNGIES_BASE_URL! } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'Missing credentials; nothing was sent:\n' +
        '  the Fungies public key: pass --public-key or set FUNGIES_PUBLIC_KEY\n' +
        '  the Fungies secret key: pass --secret-key or set FUNGIES_SECRET_KEY\n',
    );
    expect(sandbox.requests).toHaveLength(0);
  });

  it('lists an unusable key from --env-file with the missing one, never printing the key', async () => {
    const envFile = join(directory(), 'prod.env');
    writeFileSync(envFile, 'FUNGIES_SECRET_KEY=sk_live_\u200bpasted_secret\n');
    const run = await runBinary(['fungies', 'x', '--env-file', envFile], {
      env: { FUNGIES_BASE_URL: env.FUNGIES_BASE_URL! },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('The Fungies credentials have 2 problems; nothing was sent:\n');
    expect(run.stderr).toContain(
      '  The Fungies secret key (--secret-key or FUNGIES_SECRET_KEY) has a character at position 9 that HTTP headers cannot carry',
    );
    expect(run.stderr).toContain(
      '  missing the Fungies public key: pass --public-key or set FUNGIES_PUBLIC_KEY\n',
    );
    expect(run.stderr).not.toContain('pasted_secret');
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('--dry-run', () => {
  it('checks IDs and credentials and sends nothing', async () => {
    const ids = pending(2);
    const valid = await runBinary(['zinc', ...ids, '--dry-run'], { env });
    expect(valid.status).toBe(0);
    const invalid = await runBinary(['zinc', ids[0]!, 'not-a-uuid', '--dry-run', '--json'], { env });
    expect(invalid.status).toBe(1);
    expect(parseJsonLines(invalid.stdout)[1]).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('secrets', () => {
  it('never appear in stdout, stderr or the journal, even on failures and usage errors', async () => {
    const key = 'zn_test_never_print_me_4242';
    const journal = join(directory(), 'journal.jsonl');
    const runs = await Promise.all([
      runBinary(['zinc', pending(1)[0]!, 'bad id', '--api-key', key, '--json', '--journal', journal], {
        env,
      }),
      runBinary(['zinc', pending(1)[0]!, '--api-key', key, '--concurrency', 'lots'], { env }),
      runBinary(['zinc', pending(1)[0]!, `--api-kye=${key}`], { env }),
      runBinary(['zinc', pending(1)[0]!, '--api-key', 'zn_live_wrong_9f8e7d', '--json'], {
        env: { ZINC_BASE_URL: sandbox.baseUrls.zinc },
      }),
    ]);
    expect(runs.map((run) => run.status)).toEqual([1, 2, 2, 1]);
    const everything = runs.map((run) => run.stdout + run.stderr).join('') + readFileSync(journal, 'utf8');
    expect(everything).not.toContain(key);
    expect(everything).not.toContain('zn_live_wrong_9f8e7d');
    expect(everything).toContain('unauthorized');
  });
});
