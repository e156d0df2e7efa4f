import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInProviders } from '../src/built-in-providers.js';
import { runCli } from '../src/run-cli.js';
import { fakeIo } from './fake-io.js';
import { fakeProvider } from './fake-provider.js';
import { scratchDirectory } from './scratch-directory.js';

const env = { ACME_API_KEY: 'acme_secret_key_123' };
// Control characters other than the newline that ends each line: none may reach the terminal raw.
const controlOtherThanNewline = /(?!\n)\p{Cc}/u;
const directory = scratchDirectory;

describe('messages a new user meets', () => {
  it('names a missing credential without stray spaces', async () => {
    const run = fakeIo();
    expect(await runCli(['acme', '1'], run.io, [fakeProvider().provider])).toBe(2);
    expect(run.stderr()).toContain(
      'error: Missing the Acme API key: pass --api-key or set ACME_API_KEY. Nothing was sent.',
    );
  });

  it('checks a negative --retries as a number, not as a missing value', async () => {
    const run = fakeIo({ env });
    expect(await runCli(['acme', '1', '--retries', '-1'], run.io, [fakeProvider().provider])).toBe(2);
    expect(run.stderr()).toContain('--retries must be a whole number from 0 to 100, not "-1"');
  });

  it('checks option ranges before credentials, so the first fix named is the flag', async () => {
    const run = fakeIo();
    expect(await runCli(['acme', '1', '--concurrency', '0'], run.io, [fakeProvider().provider])).toBe(2);
    expect(run.stderr()).toContain('--concurrency must be a whole number');
    expect(run.stderr()).not.toContain('Missing');
  });

  it.each([
    ['https://api.acme.test/?', 'query or fragment'],
    ['https://api.acme.test/#', 'query or fragment'],
    ['https://api.acme.test/v1?x=1', 'query or fragment'],
  ])('checks --base-url %s with core’s own check', async (url, words) => {
    const { provider, requests } = fakeProvider();
    const run = fakeIo({ env });
    expect(await runCli(['acme', '1', '--base-url', url], run.io, [provider])).toBe(2);
    expect(run.stderr()).toContain(words);
    expect(requests).toHaveLength(0);
  });

  it.each([['soon'], ['-5s'], ['5 minutes']])('refuses --max-wait %s, naming the form', async (value) => {
    const run = fakeIo({ env });
    expect(await runCli(['acme', '1', `--max-wait=${value}`], run.io, [fakeProvider().provider])).toBe(2);
    expect(run.stderr()).toContain('--max-wait takes a duration such as 90s, 5m or 1h');
  });

  it.each([
    ['a missing folder', () => join(directory(), 'no', 'such', 'journal.jsonl'), 'no such file'],
    ['a directory', () => directory(), 'it is a directory, not a file'],
  ])('explains a --journal path that is %s in words, not ENOENT or EISDIR', async (_, path, words) => {
    const { provider, requests } = fakeProvider();
    const run = fakeIo({ env });
    expect(await runCli(['acme', '1', '--journal', path()], run.io, [provider])).toBe(2);
    expect(run.stderr()).toContain(words);
    expect(run.stderr()).not.toMatch(/ENOENT|EISDIR/);
    expect(requests).toHaveLength(0);
  });

  it('reads credentials from --env-file (dotenv format), and the help says why', async () => {
    const { provider, requests } = fakeProvider();
    const envFile = join(directory(), 'prod.env');
    writeFileSync(envFile, '# keys\nexport ACME_API_KEY="acme_from_file_456"\n');
    const run = fakeIo();
    expect(await runCli(['acme', '1', '--env-file', envFile], run.io, [provider])).toBe(0);
    expect(requests[0]!.headers.authorization).toBe('Bearer acme_from_file_456');
    const help = fakeIo();
    await runCli(['--help'], help.io, builtInProviders);
    expect(help.stdout()).toMatch(/--env-file PATH[\s\S]*ps/);
    const missing = fakeIo();
    expect(
      await runCli(['acme', '1', '--env-file', join(directory(), 'none.env')], missing.io, [provider]),
    ).toBe(2);
    expect(missing.stderr()).toContain('Cannot read --env-file');
  });

  it('shows control characters and terminal escapes from an ID file escaped, and a huge ID shortened', async () => {
    const { provider, requests } = fakeProvider();
    const file = join(directory(), 'ids.txt');
    const huge = '9'.repeat(10 * 1024 * 1024);
    writeFileSync(file, `12\x1b[2J\x1b]0;owned\x07\n1\u009b31m2\n${huge}\n`);
    const run = fakeIo({ env });
    expect(await runCli(['acme', '--file', file], run.io, [provider])).toBe(1);
    const stderr = run.stderr();
    expect(stderr).not.toMatch(controlOtherThanNewline);
    expect(stderr).toContain('\\x1b[2J');
    expect(stderr).toContain('\\x9b31m2');
    expect(stderr.length).toBeLessThan(5000);
    expect(stderr).toContain('10,485,760 characters');
    expect(requests).toHaveLength(0);

    const dry = fakeIo({ env });
    expect(await runCli(['acme', '--file', file, '--dry-run'], dry.io, [provider])).toBe(1);
    expect(dry.stderr()).not.toMatch(controlOtherThanNewline);
    expect(dry.stderr().length).toBeLessThan(5000);
  });

  it('says when --rate is above a provider’s documented limit, which still holds', async () => {
    const run = fakeIo({
      env: { OFFERGRID_API_KEY: 'og_test_x', OFFERGRID_BASE_URL: 'http://127.0.0.1:9/offergrid' },
    });
    await runCli(['offergrid', 'ord_1', '--rate', '5', '--retries', '0'], run.io, builtInProviders);
    expect(run.stderr()).toContain(
      'OfferGrid: --rate 5 is above its documented 100 requests a minute and 10,000 requests an hour, which still apply.',
    );
  });

  it('refuses a key with an invisible space (pasted into an --env-file) before anything is sent, as core would', async () => {
    const { provider, requests } = fakeProvider();
    const envFile = join(directory(), 'prod.env');
    writeFileSync(envFile, 'ACME_API_KEY=acme_\u200bpasted_key\n');
    const run = fakeIo();
    expect(await runCli(['acme', '1', '--env-file', envFile], run.io, [provider])).toBe(2);
    expect(run.stderr()).toContain(
      'The Acme API key (--api-key or ACME_API_KEY) has a character at position 6',
    );
    expect(run.stderr()).not.toContain('pasted_key');
    expect(requests).toHaveLength(0);
  });
});
