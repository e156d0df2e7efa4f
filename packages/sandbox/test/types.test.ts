import type { CancelErrorCode as CoreCancelErrorCode } from '@cancel/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { CancelErrorCode, DemoExpectation, ProviderOrderStatus } from '../src/index.js';

describe('published types', () => {
  it('spell the same error codes as @cancel/core, without depending on it at run time', () => {
    expectTypeOf<CancelErrorCode>().toEqualTypeOf<CoreCancelErrorCode>();
    expectTypeOf<'cancelled' | 'already_cancelled' | 'requested'>().toExtend<DemoExpectation>();
  });

  it("name each provider's own statuses, from its simulator", () => {
    expectTypeOf<ProviderOrderStatus>().toEqualTypeOf<
      | 'order_placed'
      | 'order_failed'
      | 'cancelled_by_retailer'
      | 'submitted_to_provider'
      | 'rejected'
      | 'scheduled'
      | 'completed'
      | 'active'
      | 'failed'
      | 'in_transit'
      | 'refunded'
      | 'PENDING'
      | 'PAID'
      | 'FAILED'
      | 'UNPAID'
      | 'CANCELLED'
      | 'REFUNDED'
      | 'PARTIALLY_REFUNDED'
      | 'EXPIRED'
      | 'processing'
      | 'successful'
      | 'unsuccessful'
    >();
  });
});
