import { type Sandbox, startSandbox } from '@cancel/sandbox';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** One sandbox per test file, emptied before each test; rate limits off (pacing is not what is tested here). */
export function useSandbox(): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: false });
  });
  afterAll(() => sandbox?.close());
  beforeEach(() => sandbox?.reset());
  return () => {
    if (!sandbox) throw new Error('the sandbox is not started yet');
    return sandbox;
  };
}
