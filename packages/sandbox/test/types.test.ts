import type { CancelErrorCode as CoreCancelErrorCode } from '@cancel/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { CancelErrorCode, DemoExpectation } from '../src/index.js';

describe('published types', () => {
  it('spell the same error codes as @cancel/core, without depending on it at run time', () => {
    expectTypeOf<CancelErrorCode>().toEqualTypeOf<CoreCancelErrorCode>();
    expectTypeOf<'cancelled' | 'already_cancelled' | 'requested'>().toExtend<DemoExpectation>();
  });
});
