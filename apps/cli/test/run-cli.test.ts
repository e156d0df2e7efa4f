import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/run-cli.js';
import { fakeIo } from './fake-io.js';
import { fakeProvider, orderIdOf } from './fake-provider.js';
import { scratchDirectory } from './scratch-directory.js';

const env = { ACME_API_KEY: 'acme_secret_key_123' };
const directory = scratchDirectory;

describe('a run', () => {
  it('cancels every order, prints one JSON line each and exits 0', async () => {
    const { provider, requests } = fakeProvider();
    const run = fakeIo({ env });
    const status = await runCli(['acme', '1001', '1002', '--json'], run.io, [provider]);
    expect(status).toBe(0);
    expect(requests.map(orderIdOf).sort()).toEqual(['1001', '1002']);
    const lines = run.jsonLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ provider: 'acme', ok: true, outcome: 'cancelled' });
    expect(run.stderr()).toContain('2 orders in');
  });

  it('exits 1 when one order fails, and counts outcomes and error codes in the summary', async () => {
    const { provider } = fakeProvider((request) =>
      orderIdOf(request) === '404' ? { status: 404, body: { message: 'no such order' } } : { status: 409 },
    );
    const run = fakeIo({ env });
    const status = await runCli(['acme', '1', '2', '404'], run.io, [provider]);
    expect(status).toBe(1);
    expect(run.stderr()).toMatch(/2 already_cancelled/);
    expect(run.stderr()).toMatch(/1 not_found/);
    expect(run.stdout()).toBe('');
  });

  it('gives each failure its error code, message, status and retryability in --json', async () => {
    const { provider } = fakeProvider(() => ({ status: 404, body: { message: 'no such order' } }));
    const run = fakeIo({ env });
    await runCli(['acme', '7', '--json'], run.io, [provider]);
    const [line] = run.jsonLines();
    expect(line).toMatchObject({
      orderId: '7',
      ok: false,
      error: { code: 'not_found', status: 404, retryable: false },
    });
    expect((line!.error as { message: string }).message).toBeTruthy();
  });

  it('reads IDs from arguments and the file together, skipping blank lines and # comments', async () => {
    const { provider, requests } = fakeProvider();
    const file = join(directory(), 'ids.txt');
    writeFileSync(file, '# orders from March\n2001\n\n  2002  \r\n# 2003\n2004');
    const status = await runCli(['acme', '1001', '--file', file], fakeIo({ env }).io, [provider]);
    expect(status).toBe(0);
    expect(requests.map(orderIdOf).sort()).toEqual(['1001', '2001', '2002', '2004']);
  });

  it('reads IDs from stdin with --file -', async () => {
    const { provider, requests } = fakeProvider();
    const run = fakeIo({ env, input: '3001\n3002\n' });
    expect(await runCli(['acme', '--file', '-'], run.io, [provider])).toBe(0);
    expect(requests.map(orderIdOf).sort()).toEqual(['3001', '3002']);
  });

  it('fails a malformed ID without sending it, and still sends the others', async () => {
    const { provider, requests } = fakeProvider();
    const run = fakeIo({ env });
    expect(await runCli(['acme', '12', 'abc', '--json'], run.io, [provider])).toBe(1);
    expect(requests.map(orderIdOf)).toEqual(['12']);
    expect(run.jsonLines().find((line) => line.orderId === 'abc')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});

describe('secrets', () => {
  it('never prints a key passed by flag, even when the provider echoes it', async () => {
    const key = 'acme_flag_secret_987';
    const { provider, requests } = fakeProvider((request) => ({
      status: 401,
      body: { message: `bad key ${request.headers.authorization}` },
    }));
    const run = fakeIo();
    expect(await runCli(['acme', '1', '--api-key', key, '--json'], run.io, [provider])).toBe(1);
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${key}`);
    expect(run.stdout() + run.stderr()).not.toContain(key);
  });

  it('does not echo a key in a usage error', async () => {
    const { provider } = fakeProvider();
    const run = fakeIo();
    expect(await runCli(['acme', '1', '--api-kye=acme_typo_secret'], run.io, [provider])).toBe(2);
    expect(run.stderr()).toContain('Did you mean --api-key?');
    expect(run.stderr()).not.toContain('acme_typo_secret');
  });
});

describe('journal and resume', () => {
  it('appends one JSON line per finished order', async () => {
    const { provider } = fakeProvider();
    const journal = join(directory(), 'journal.jsonl');
    await runCli(['acme', '1', '2', '--journal', journal], fakeIo({ env }).io, [provider]);
    const lines = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.orderId).sort()).toEqual(['1', '2']);
    expect(lines.every((line) => line.ok === true && line.provider === 'acme')).toBe(true);
  });

  it('skips orders that succeeded, retries those that failed, and tolerates a cut-off last line', async () => {
    const { provider, requests } = fakeProvider();
    const journal = join(directory(), 'journal.jsonl');
    writeFileSync(
      journal,
      [
        '{"provider":"acme","orderId":"1","ok":true,"outcome":"cancelled"}',
        '{"provider":"acme","orderId":"2","ok":false,"error":{"code":"timeout"}}',
        '{"provider":"other","orderId":"3","ok":true,"outcome":"cancelled"}',
        '{"provider":"acme","orderId":"4","ok":tr',
      ].join('\n'),
    );
    const run = fakeIo({ env });
    const status = await runCli(['acme', '1', '2', '3', '4', '--journal', journal, '--resume'], run.io, [
      provider,
    ]);
    expect(status).toBe(0);
    expect(requests.map(orderIdOf).sort()).toEqual(['2', '3', '4']);
    expect(run.stderr()).toContain('skipped    1 already succeeded');
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean);
    // The cut-off line stays as it was, and the new lines start on a line of their own.
    expect(
      lines
        .slice(4)
        .map((line) => JSON.parse(line).orderId)
        .sort(),
    ).toEqual(['2', '3', '4']);
  });

  it('refuses --resume without --journal', async () => {
    const { provider, requests } = fakeProvider();
    const run = fakeIo({ env });
    expect(await runCli(['acme', '1', '--resume'], run.io, [provider])).toBe(2);
    expect(run.stderr()).toContain('--resume needs --journal');
    expect(requests).toHaveLength(0);
  });
});

describe('usage and configuration errors exit 2 and send nothing', () => {
  it('names the flag and the variable of missing credentials', async () => {
    const { provider, requests } = fakeProvider();
    const run = fakeIo();
    expect(await runCli(['acme', '1'], run.io, [provider])).toBe(2);
    expect(run.stderr()).toContain('--api-key');
    expect(run.stderr()).toContain('ACME_API_KEY');
    expect(requests).toHaveLength(0);
  });

  it('suggests the closest provider for a typo', async () => {
    const { provider } = fakeProvider();
    const run = fakeIo({ env });
    expect(await runCli(['acm', '1'], run.io, [provider])).toBe(2);
    expect(run.stderr()).toContain('Did you mean acme?');
  });

  it('reports an unreadable file', async () => {
    const { provider, requests } = fakeProvider();
    const run = fakeIo({ env });
    expect(await runCli(['acme', '1', '--file', join(directory(), 'missing.txt')], run.io, [provider])).toBe(
      2,
    );
    expect(run.stderr()).toContain('no such file');
    expect(requests).toHaveLength(0);
  });

  it.each([
    [['--concurrency', '0'], '--concurrency must be a whole number'],
    [['--timeout', 'soon'], '--timeout must be a whole number'],
    [['--base-url', 'http://api.acme.test'], 'unencrypted'],
    [['--token', 'x'], 'Unknown option --token'],
    [[], 'No order IDs'],
  ])('rejects %j', async (flags, message) => {
    const { provider, requests } = fakeProvider();
    const run = fakeIo({ env });
    const ids = flags.length === 0 ? [] : ['1'];
    expect(await runCli(['acme', ...ids, ...flags], run.io, [provider])).toBe(2);
    expect(run.stderr()).toContain(message);
    expect(requests).toHaveLength(0);
  });
});

describe('--dry-run', () => {
  it('checks IDs and credentials, sends nothing and exits 1 for an invalid ID', async () => {
    const { provider, requests } = fakeProvider();
    const run = fakeIo({ env });
    expect(await runCli(['acme', '1', 'x/y', '--dry-run', '--json'], run.io, [provider])).toBe(1);
    expect(requests).toHaveLength(0);
    expect(run.jsonLines()).toEqual([
      {
        provider: 'acme',
        orderId: '1',
        ok: true,
        dryRun: true,
        request: 'POST https://api.acme.test/orders/1/cancel',
      },
      expect.objectContaining({
        orderId: 'x/y',
        ok: false,
        error: expect.objectContaining({ code: 'invalid_input' }),
      }),
    ]);
  });

  it('still requires credentials', async () => {
    const { provider } = fakeProvider();
    expect(await runCli(['acme', '1', '--dry-run'], fakeIo().io, [provider])).toBe(2);
  });
});

describe('help and version', () => {
  it('prints the version', async () => {
    const run = fakeIo();
    expect(await runCli(['--version'], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('prints help for a provider with its credential flags and variables', async () => {
    const { provider } = fakeProvider();
    const run = fakeIo();
    expect(await runCli(['acme', '--help'], run.io, [provider])).toBe(0);
    expect(run.stdout()).toContain('--api-key');
    expect(run.stdout()).toContain('ACME_API_KEY');
  });
});
