import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CancelError, cancelErrorCodes, err, ok, unwrap } from '../src/index.js';

describe('CancelError', () => {
  it('marks exactly the contract’s retryable codes', () => {
    const retryable = cancelErrorCodes.filter(
      (code) => new CancelError({ code, message: 'm', provider: 'p' }).retryable,
    );
    expect(retryable).toEqual(['rate_limited', 'provider_error', 'network', 'timeout']);
    expect(cancelErrorCodes).toHaveLength(12);
  });

  it('is recognised across two copies of the package (ESM source and the CommonJS build)', () => {
    const require = createRequire(import.meta.url);
    const copy = require('../dist/index.cjs') as { CancelError: typeof CancelError };
    expect(copy.CancelError).not.toBe(CancelError);
    const foreign = new copy.CancelError({ code: 'timeout', message: 'm', provider: 'p' });
    expect(foreign instanceof CancelError).toBe(false);
    expect(CancelError.isInstance(foreign)).toBe(true);
    expect(
      copy.CancelError.isInstance(new CancelError({ code: 'timeout', message: 'm', provider: 'p' })),
    ).toBe(true);
    expect(CancelError.isInstance(new Error('x'))).toBe(false);
    expect(CancelError.isInstance({ code: 'timeout' })).toBe(false);
  });

  it('serialises its fields, without the cause', () => {
    const error = new CancelError({
      code: 'rate_limited',
      message: 'slow down',
      provider: 'zinc',
      orderId: 'o1',
      status: 429,
      retryAfterMs: 2000,
      attempts: 3,
      cause: new Error('inner'),
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'CancelError',
      code: 'rate_limited',
      message: 'slow down',
      provider: 'zinc',
      orderId: 'o1',
      status: 429,
      retryAfterMs: 2000,
      attempts: 3,
      retryable: true,
    });
    expect(inspect(error)).toContain('rate_limited');
  });

  it('copies itself for another order ID', () => {
    const error = new CancelError({ code: 'unauthorized', message: 'm', provider: 'fincart', status: 403 });
    expect(error.withOrderId('b2')).toMatchObject({ orderId: 'b2', code: 'unauthorized', status: 403 });
  });
});

describe('Result helpers', () => {
  it('unwrap returns the value or throws the error', () => {
    expect(unwrap(ok(1))).toBe(1);
    const error = new CancelError({ code: 'not_found', message: 'gone', provider: 'p' });
    expect(() => unwrap(err(error))).toThrow(error);
  });
});
