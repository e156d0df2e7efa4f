import type { ProviderId } from '../types.js';
import { fincartSimulator } from './fincart.js';
import { fungiesSimulator } from './fungies.js';
import { offergridSimulator } from './offergrid.js';
import type { ProviderSimulator } from './simulator.js';
import { snappySimulator } from './snappy.js';
import { zincSimulator } from './zinc.js';

export const simulators = {
  zinc: zincSimulator,
  offergrid: offergridSimulator,
  snappy: snappySimulator,
  fungies: fungiesSimulator,
  fincart: fincartSimulator,
} as const satisfies Record<ProviderId, ProviderSimulator>;

/** The provider whose base path starts `path`, and the path segments under it. */
export function findSimulator(
  path: string,
): { simulator: ProviderSimulator; segments: string[] } | undefined {
  for (const simulator of Object.values(simulators) as ProviderSimulator[]) {
    if (path === simulator.basePath || path.startsWith(`${simulator.basePath}/`)) {
      const rest = path.slice(simulator.basePath.length + 1);
      return { simulator, segments: rest === '' ? [] : rest.split('/') };
    }
  }
  return undefined;
}
