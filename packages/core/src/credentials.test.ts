import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CredentialSpec, checkCredentials, resolveCredentials } from './credentials.js';

const specs: readonly CredentialSpec[] = [
  { option: 'publicKey', env: 'SHOP_PUBLIC_KEY', label: 'public key', public: true },
  { option: 'secretKey', env: 'SHOP_SECRET_KEY', label: 'secret key' },
  { option: 'accountId', env: 'SHOP_ACCOUNT_ID', label: 'account ID', optional: true, public: true },
];
const context = { provider: 'shop', displayName: 'Shop', factory: 'createShop' };
const summary = (check: ReturnType<typeof checkCredentials>) =>
  check.problems.map(({ credential, error }) => [credential.option, error.code, error.provider]);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('checkCredentials', () => {
  it('lists every problem in the spec’s order, with the messages resolveCredentials gives one at a time', () => {
    const check = checkCredentials(specs, { secretKey: 42 }, {}, context);
    expect(summary(check)).toEqual([
      ['publicKey', 'missing_credentials', 'shop'],
      ['secretKey', 'invalid_input', 'shop'],
    ]);
    expect(check.problems.map(({ error }) => error.message)).toEqual([
      'No Shop public key: pass `publicKey` to createShop() or set the SHOP_PUBLIC_KEY environment variable.',
      'The Shop `secretKey` option must be a string, not number.',
    ]);
    const first = resolveCredentials(specs, { secretKey: 42 }, context);
    expect(!(first instanceof Promise) && !first.ok && first.error.message).toBe(
      check.problems[0]!.error.message,
    );
  });

  it('reads the environment it is given instead of process.env; an option wins, both trimmed', () => {
    vi.stubEnv('SHOP_PUBLIC_KEY', 'pub_from_process');
    vi.stubEnv('SHOP_SECRET_KEY', 'sk_from_process');
    const environment = { SHOP_PUBLIC_KEY: ' pub_from_file \n', SHOP_SECRET_KEY: 'sk_from_file' };
    const check = checkCredentials(specs, { secretKey: '  sk_from_flag  ' }, environment, context);
    expect(check.problems).toEqual([]);
    expect(check.credentials).toEqual({ publicKey: 'pub_from_file', secretKey: 'sk_from_flag' });
    const blankOption = checkCredentials(specs, { secretKey: '   ' }, environment, context);
    expect(blankOption.credentials.secretKey).toBe('sk_from_file');
    const blankVariables = checkCredentials(
      specs,
      {},
      { SHOP_PUBLIC_KEY: ' ', SHOP_SECRET_KEY: '' },
      context,
    );
    expect(summary(blankVariables).map(([option]) => option)).toEqual(['publicKey', 'secretKey']);
  });

  it('lets an optional credential be absent and keeps public ones out of the secrets', () => {
    const check = checkCredentials(specs, { publicKey: 'pub_1', secretKey: 'sk_2' }, {}, context);
    expect(check.problems).toEqual([]);
    expect(check.credentials).toEqual({ publicKey: 'pub_1', secretKey: 'sk_2' });
    expect('accountId' in check.credentials).toBe(false);
    expect(check.secrets).toEqual(['sk_2']);
    const withAccount = checkCredentials(specs, { publicKey: 'pub_1', accountId: 'acct_3' }, {}, context);
    expect(withAccount.credentials.accountId).toBe('acct_3');
    expect(withAccount.secrets).toEqual([]);
  });

  it('names the position of a character headers cannot carry, never the value, and keeps the rest usable', () => {
    const pasted = 'sk_live_\u200bpasted_secret';
    const check = checkCredentials(
      specs,
      { publicKey: 'pub_\u0007bell', accountId: 'acct_ok' },
      { SHOP_SECRET_KEY: pasted },
      context,
    );
    expect(summary(check)).toEqual([
      ['publicKey', 'invalid_input', 'shop'],
      ['secretKey', 'invalid_input', 'shop'],
    ]);
    expect(check.problems[1]!.error.message).toContain(
      'The Shop secret key (`secretKey` or SHOP_SECRET_KEY) has a character at position 9',
    );
    expect(JSON.stringify(check.problems.map(({ error }) => [error.message, error.cause]))).not.toMatch(
      /pasted_secret|bell/,
    );
    expect(check.credentials).toEqual({ accountId: 'acct_ok' });
    expect(check.secrets).toEqual([]);
  });

  it('refuses a credential function instead of calling it: the caller resolves those first', () => {
    const key = vi.fn(() => 'sk_from_function');
    const check = checkCredentials(specs, { publicKey: 'pub_1', secretKey: key }, {}, context);
    expect(key).not.toHaveBeenCalled();
    expect(check.problems[0]!.error.message).toBe(
      'The Shop `secretKey` option must be a string, not function.',
    );
  });
});
