import type { CancelErrorCode as CoreCancelErrorCode } from '@cancel/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { CancelErrorCode, DemoExpectation, ProviderOrderStatus } from '../src/index.js';

describe('published types', () => {
  it('spell the same error codes as @cancel/core, without depending on it at run time', () => {
    expectTypeOf<CancelErrorCode>().toEqualTypeOf<CoreCancelErrorCode>();
    expectTypeOf<'cancelled' | 'already_cancelled' | 'requested'>().toExtend<DemoExpectation>();
  });

  it("name each provider's own statuses, from its simulator, never widened to any string", () => {
    // A simulator declared without its Status type argument would widen the union for every provider.
    expectTypeOf<string>().not.toExtend<ProviderOrderStatus>();
    expectTypeOf<'order_placed' | 'in_transit' | 'PAID' | 'successful'>().toExtend<ProviderOrderStatus>();
  });
});
