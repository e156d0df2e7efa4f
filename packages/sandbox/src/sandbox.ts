import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoOrderTable, seededOrders } from './demo-orders.js';
import { FaultBook } from './fault-book.js';
import { handleRequest, type RequestContext } from './handle-request.js';
import { magicFault } from './magic-ids.js';
import { OrderStore } from './order-store.js';
import { simulators } from './providers/index.js';
import type { ProviderSimulator } from './providers/simulator.js';
import { RateLimiter } from './rate-limiter.js';
import {
  type ProviderId,
  providerIds,
  type Sandbox,
  type SandboxCredentials,
  type SandboxOptions,
  type SandboxRequest,
} from './types.js';

// The log keeps the most recent requests only, so a long-running sandbox does not grow without bound.
const maxLoggedRequests = 200_000;

function checkPort(port: unknown): number {
  if (port === undefined) return 0;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`port must be a whole number from 0 to 65535, not ${JSON.stringify(port)}`);
  }
  return port;
}

/** Starts the simulator of all five providers on 127.0.0.1; `close()` stops it. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const port = checkPort(options.port);
  const seed = options.seed ?? true;
  const store = new OrderStore();
  const faults = new FaultBook(
    (provider, id) => store.find(provider, id)?.id ?? simulators[provider].lookupKey?.(id) ?? id,
  );
  const limiter = new RateLimiter(options.rateLimits);
  const requests: SandboxRequest[] = [];
  const armedMagic = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let requestCount = 0;
  let url = '';

  const magicKey = (provider: ProviderId, id: string) => `${provider}\u0000${id.toLowerCase()}`;
  const demoOrders = demoOrderTable();
  const credentials = Object.fromEntries(
    providerIds.map((provider) => [provider, { ...simulators[provider].credentials }]),
  ) as unknown as SandboxCredentials;
  const baseUrls = () =>
    Object.fromEntries(
      providerIds.map((provider) => [provider, `${url}${simulators[provider].basePath}`]),
    ) as Record<ProviderId, string>;

  function seedOrders(): void {
    if (!seed) return;
    for (const provider of providerIds) {
      for (const order of seededOrders(provider)) {
        if (order.state !== undefined) store.add(provider, { id: order.id, state: order.state });
      }
    }
  }

  const context: RequestContext = {
    url: () => url,
    store,
    faults,
    limiter,
    record(entry) {
      requests.push(entry);
      if (requests.length > maxLoggedRequests) requests.splice(0, requests.length - maxLoggedRequests);
    },
    armMagic(simulator: ProviderSimulator, orderIds) {
      for (const id of orderIds) {
        const fault = magicFault(simulator.id, id);
        const key = magicKey(simulator.id, id);
        if (!fault || armedMagic.has(key)) continue;
        armedMagic.add(key);
        if (!store.find(simulator.id, id)) store.add(simulator.id, { id, state: 'pending' });
        faults.set(simulator.id, id, fault);
      }
    },
    later(ms, action) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        action();
      }, ms);
      timers.add(timer);
    },
    nextRequestId: () => `sbx_${(++requestCount).toString(36).padStart(6, '0')}`,
    index: () => ({ name: '@cancel/sandbox', baseUrls: baseUrls(), demoOrders }),
  };

  const server = createServer((request, response) => {
    handleRequest(context, request, response).catch(() => {
      // A bug in the sandbox must look like one to the client, not like a hang.
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  seedOrders();

  let closing: Promise<void> | undefined;
  const sandbox: Sandbox = {
    url,
    baseUrls: baseUrls(),
    credentials,
    demoOrders,
    addOrder: (provider, order) => store.add(provider, order),
    getOrder: (provider, id) => store.snapshot(provider, id),
    inject(provider, id, fault) {
      if (!simulators[provider]) throw new TypeError(`Unknown provider ${JSON.stringify(provider)}`);
      // An explicit fault wins over the one a magic ID would arm on first sight.
      armedMagic.add(magicKey(provider, id));
      faults.set(provider, id, fault);
    },
    requests,
    stateChanges: (provider, id) => store.find(provider, id)?.cancelCount ?? 0,
    setRateLimits: (value) => limiter.configure(value),
    reset() {
      store.clear();
      faults.clear();
      armedMagic.clear();
      limiter.reset();
      requests.length = 0;
      seedOrders();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Hanging and endless answers hold their sockets open; close() must not wait for them.
        server.closeAllConnections();
      });
      return closing;
    },
  };
  return sandbox;
}
