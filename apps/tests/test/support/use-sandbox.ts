import { type Sandbox, type SandboxOptions, startSandbox } from '@cancel/sandbox';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/**
 * One sandbox per test file, emptied before each test. Rate limits are off unless asked for: the clients'
 * own pacing is tested where it matters, not in every test.
 */
export function useSandbox(options: SandboxOptions = { rateLimits: false }): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
  });
  afterAll(() => sandbox?.close());
  beforeEach(() => sandbox?.reset());
  return () => {
    if (!sandbox) throw new Error('the sandbox is not started yet');
    return sandbox;
  };
}

/** How many requests reached the sandbox for this provider. */
export function requestsTo(sandbox: Sandbox, provider: string): number {
  return sandbox.requests.filter((entry) => entry.provider === provider).length;
}
