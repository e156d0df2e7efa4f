import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../src/built-in-providers.js';
import { type Sandbox, sandboxEnvironment, startSandbox, testKeyPrefixes } from '../src/index.js';
import { sandboxId } from '../src/magic-ids.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimits: false });
});
afterAll(() => sandbox.close());

describe.each(registry.map((entry) => [entry.spec.id, entry] as const))('%s in the registry', (_, entry) => {
  const { spec, create, simulator } = entry;

  it('pairs the package with the simulator of the same provider', () => {
    expect(simulator.id).toBe(spec.id);
    expect(simulator.basePath.startsWith(`/${spec.id}`)).toBe(true);
    expect(simulator.batch).toBe(spec.batch !== undefined);
  });

  it("has test credentials for exactly the package's credential options, each with its test prefix", () => {
    expect(Object.keys(simulator.credentials).sort()).toEqual(spec.credentials.map((c) => c.option).sort());
    for (const [option, prefix] of Object.entries(testKeyPrefixes[simulator.id])) {
      expect((simulator.credentials as Record<string, string>)[option]).toMatch(new RegExp(`^${prefix}`));
    }
  });

  it("prints the package's own environment variables", () => {
    const variables = sandboxEnvironment(sandbox);
    expect(variables[spec.baseUrlEnv]).toBe(sandbox.baseUrls[simulator.id]);
    for (const credential of spec.credentials) expect(variables[credential.env]).toBeDefined();
  });

  it("paces to the package's declared limits", () => {
    expect(simulator.defaultRateLimits.map((rate) => [rate.limit, rate.intervalMs])).toEqual(
      (spec.rateLimits ?? []).map((rate) => [rate.limit, rate.intervalMs]),
    );
  });

  it("cancels a seeded order through the package's own factory", async () => {
    const client = create({ baseUrl: sandbox.baseUrls[simulator.id], ...sandbox.credentials[simulator.id] });
    const result = await client.cancelOrder(sandboxId(simulator.id, 1));
    expect(result).toMatchObject({ ok: true, value: { provider: spec.id } });
  });
});
