import { expectationAt, magicOrders, sandboxId } from './magic-ids.js';
import { simulators } from './providers/index.js';
import { type DemoOrder, type OrderState, type ProviderId, providerIds } from './types.js';

interface SeededOrder extends DemoOrder {
  /** Absent for an ID that is deliberately not seeded (not found). */
  readonly state: OrderState | undefined;
}

/** Orders whose answer comes from their state, and one known ID per provider from its own docs. */
function stateOrders(provider: ProviderId): SeededOrder[] {
  const orders: SeededOrder[] = [
    { id: sandboxId(provider, 1), state: 'pending', expect: 'cancelled', note: 'pending: cancels' },
    {
      id: sandboxId(provider, 2),
      state: 'cancelled',
      expect: 'already_cancelled',
      note: 'already cancelled: cancelling again is success',
    },
    {
      id: sandboxId(provider, 3),
      state: 'in_progress',
      expect: 'not_cancellable',
      note: 'processing has started',
    },
    { id: sandboxId(provider, 4), state: 'shipped', expect: 'not_cancellable', note: 'shipped' },
    { id: sandboxId(provider, 404), state: undefined, expect: 'not_found', note: 'no such order' },
  ];
  const documented = simulators[provider].documentedOrder;
  if (documented) orders.push({ ...documented, state: 'pending', expect: 'cancelled' });
  return orders.map((order) => ({ ...order, expect: expectationAt(provider, order.expect) }));
}

/** The seeded set: every outcome and the main error codes. The hanging magic ID is left out: it takes 30 s. */
export function seededOrders(provider: ProviderId): SeededOrder[] {
  const magic = magicOrders(provider)
    .filter((order) => order.fault.type !== 'hang')
    .map(({ id, expect, note }) => ({ id, expect, note, state: 'pending' as const }));
  return [...stateOrders(provider), ...magic];
}

export function demoOrderTable(): Record<ProviderId, DemoOrder[]> {
  return Object.fromEntries(
    providerIds.map((provider) => [
      provider,
      seededOrders(provider).map(({ id, expect, note }) => ({ id, expect, note })),
    ]),
  ) as Record<ProviderId, DemoOrder[]>;
}
