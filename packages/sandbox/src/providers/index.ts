import { type ProviderId, registry } from '../built-in-providers.js';
import type { ProviderSimulator } from './simulator.js';

/** Each provider's simulator, by ID. */
export const simulators = Object.fromEntries(
  registry.map(({ simulator }) => [simulator.id, simulator as ProviderSimulator]),
) as Readonly<Record<ProviderId, ProviderSimulator>>;

/** The provider whose base path starts `path`, and the path segments under it. */
export function findSimulator(
  path: string,
): { simulator: ProviderSimulator; segments: string[] } | undefined {
  for (const { simulator } of registry) {
    if (path === simulator.basePath || path.startsWith(`${simulator.basePath}/`)) {
      const rest = path.slice(simulator.basePath.length + 1);
      return { simulator, segments: rest === '' ? [] : rest.split('/') };
    }
  }
  return undefined;
}
