import { simulators } from './providers/index.js';
import type { ProviderSimulator, Refusal, StoredOrder } from './providers/simulator.js';
import type { GenericOrderState, OrderSnapshot, OrderState, ProviderId } from './types.js';

/** Every provider's orders, reachable by ID and, at Fungies, by order number too. */
export class OrderStore {
  private readonly orders = new Map<ProviderId, Map<string, StoredOrder>>();

  add(provider: ProviderId, input: { id?: string; state: OrderState }): string {
    const simulator: ProviderSimulator = simulators[provider];
    if (!simulator) throw new TypeError(`Unknown provider ${JSON.stringify(provider)}`);
    const status = statusFor(simulator, input.state);
    const given = input.id ?? simulator.generateId();
    if (typeof given !== 'string' || !simulator.isValidId(given)) {
      throw new TypeError(`${JSON.stringify(given)} is not a valid ${provider} order ID`);
    }
    const { id, alias } = simulator.aliasFor?.(given) ?? { id: given, alias: undefined };
    this.remove(provider, given);
    const order: StoredOrder = {
      id,
      state: input.state,
      status,
      cancelCount: 0,
      createdAt: new Date(),
      cancelledAt: undefined,
      alias,
    };
    const orders = this.ordersOf(provider);
    orders.set(id, order);
    if (alias !== undefined) orders.set(alias, order);
    return given;
  }

  find(provider: ProviderId, id: string): StoredOrder | undefined {
    const key = simulators[provider].lookupKey?.(id) ?? id;
    return this.orders.get(provider)?.get(key);
  }

  snapshot(provider: ProviderId, id: string): OrderSnapshot | undefined {
    const order = this.find(provider, id);
    if (!order) return undefined;
    return { id: order.id, state: order.state, status: order.status, cancelCount: order.cancelCount };
  }

  /** Why each order cannot be cancelled; empty when all of them can. */
  refusals(provider: ProviderId, ids: readonly string[]): Refusal[] {
    const { statuses } = simulators[provider];
    const refusals: Refusal[] = [];
    for (const orderId of ids) {
      const order = this.find(provider, orderId);
      if (!order) refusals.push({ orderId, kind: 'missing', order });
      else if (statuses.cancelled.includes(order.status))
        refusals.push({ orderId, kind: 'already_cancelled', order });
      else if (!statuses.cancellable.includes(order.status))
        refusals.push({ orderId, kind: 'not_cancellable', order });
    }
    return refusals;
  }

  /** Moves the orders to cancelled; callers check `refusals` first. */
  cancel(provider: ProviderId, ids: readonly string[]): StoredOrder[] {
    const cancelledStatus = simulators[provider].statuses.cancelled[0];
    const now = new Date();
    // A batch may name one order twice; it is still cancelled once.
    const orders = [...new Set(ids.map((id) => this.find(provider, id)!))];
    for (const order of orders) {
      order.state = 'cancelled';
      order.status = cancelledStatus;
      order.cancelledAt = now;
      order.cancelCount++;
    }
    return orders;
  }

  clear(): void {
    this.orders.clear();
  }

  private remove(provider: ProviderId, id: string): void {
    const existing = this.find(provider, id);
    if (!existing) return;
    const orders = this.ordersOf(provider);
    orders.delete(existing.id);
    if (existing.alias !== undefined) orders.delete(existing.alias);
  }

  private ordersOf(provider: ProviderId): Map<string, StoredOrder> {
    let orders = this.orders.get(provider);
    if (!orders) {
      orders = new Map();
      this.orders.set(provider, orders);
    }
    return orders;
  }
}

function statusFor(simulator: ProviderSimulator, state: OrderState): string {
  const { fromGeneric } = simulator.statuses;
  if (Object.hasOwn(fromGeneric, state)) return fromGeneric[state as GenericOrderState];
  if (simulator.statuses.names.includes(state)) return state;
  const accepted = [...Object.keys(fromGeneric), ...simulator.statuses.names];
  throw new TypeError(
    `${JSON.stringify(state)} is not an order state at ${simulator.id}; use one of ${[...new Set(accepted)].join(', ')}`,
  );
}
