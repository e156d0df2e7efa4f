import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultBook } from './fault-book.js';
import type { OrderStore } from './order-store.js';
import { findSimulator } from './providers/index.js';
import type { ProviderSimulator, Reply } from './providers/simulator.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Fault, SandboxRequest } from './types.js';
import { maintenancePage, writeEndless, writeRaw, writeReply } from './write-reply.js';

/** What a request needs from the running sandbox. */
export interface RequestContext {
  readonly url: () => string;
  readonly store: OrderStore;
  readonly faults: FaultBook;
  readonly limiter: RateLimiter;
  readonly record: (entry: SandboxRequest) => void;
  /** Arms the faults of magic IDs on first sight. */
  readonly armMagic: (simulator: ProviderSimulator, orderIds: readonly string[]) => void;
  /** Runs `action` later, unless the sandbox closes first. */
  readonly later: (ms: number, action: () => void) => void;
  readonly nextRequestId: () => string;
  /** The JSON served at `/`: where each provider lives. */
  readonly index: () => unknown;
}

const maxBodyBytes = 5 * 1024 * 1024;

/** Resolves to the body, `too_large`, or undefined when the client went away before sending it all. */
function readBody(request: IncomingMessage): Promise<string | 'too_large' | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(size > maxBodyBytes ? 'too_large' : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('close', () => resolve(undefined));
    request.on('error', () => resolve(undefined));
  });
}

/** Cancels what can be cancelled: a request (a Fincart batch) is all or nothing. */
function cancel(context: RequestContext, simulator: ProviderSimulator, orderIds: readonly string[]): Reply {
  const refusals = context.store.refusals(simulator.id, orderIds);
  if (refusals.length > 0) return simulator.refuse(refusals);
  return simulator.success(context.store.cancel(simulator.id, orderIds));
}

/**
 * Serves one request: route, rate limit, credentials, validation, then an armed fault or the cancel itself.
 * Every request is logged, whatever its fate.
 */
export async function handleRequest(
  context: RequestContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  const path = (request.url ?? '/').split('?')[0]!;
  const found = findSimulator(path);
  const entry: SandboxRequest = {
    provider: found?.simulator.id,
    method,
    path,
    orderIds: [],
    status: undefined,
    fault: undefined,
    at: Date.now(),
  };
  context.record(entry);
  const requestId = context.nextRequestId();
  const send = (reply: Reply) => writeReply(response, entry, reply, requestId);

  const body = await readBody(request);
  if (body === undefined) return;
  if (body === 'too_large') return send({ status: 413, body: { message: 'Request body too large' } });
  if (!found) {
    if (path === '/' && method === 'GET') return send({ status: 200, body: context.index() });
    return send({
      status: 404,
      body: { message: `No sandbox provider at ${path}; see GET / for the base URLs` },
    });
  }

  const { simulator, segments } = found;
  const routed = simulator.route({ method, segments, headers: request.headers, body });
  if ('status' in routed) return send(routed);
  entry.orderIds = routed.orderIds;
  context.armMagic(simulator, routed.orderIds);

  const waitSeconds = context.limiter.hit(simulator.id);
  if (waitSeconds !== undefined) return send(rateLimited(simulator, waitSeconds));
  const denied = simulator.authenticate(request.headers);
  if (denied) return send(denied);
  if (routed.rejection) return send(routed.rejection);

  const fault = context.faults.take(simulator.id, routed.orderIds);
  if (!fault) return send(cancel(context, simulator, routed.orderIds));
  entry.fault = fault.type;
  applyFault(fault, {
    context,
    simulator,
    orderIds: routed.orderIds,
    request,
    response,
    entry,
    requestId,
    send,
  });
}

function rateLimited(simulator: ProviderSimulator, retryAfter: number | string): Reply {
  const reply = simulator.rateLimited(retryAfter);
  return { ...reply, headers: { ...reply.headers, 'retry-after': String(retryAfter) } };
}

interface FaultScene {
  readonly context: RequestContext;
  readonly simulator: ProviderSimulator;
  readonly orderIds: readonly string[];
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly entry: SandboxRequest;
  readonly requestId: string;
  readonly send: (reply: Reply) => void;
}

/** Misbehaves as the fault says. Whether the order is cancelled follows what the fault would mean in real life. */
function applyFault(fault: Fault, scene: FaultScene): void {
  const { context, simulator, orderIds, response, entry, requestId, send } = scene;
  const raw = (status: number, contentType: string, text: string) =>
    writeRaw(response, entry, { status, contentType, text }, requestId);
  switch (fault.type) {
    case 'delay': {
      // Slow, not lost: the cancel happens now and the answer arrives late, as when a client times out.
      const reply = cancel(context, simulator, orderIds);
      context.later(fault.ms, () => send(reply));
      break;
    }
    case 'hang':
      break; // The socket stays open until the client gives up or the sandbox closes.
    case 'reset':
      scene.request.socket.resetAndDestroy();
      break;
    case 'server_error':
      send(simulator.errorReply(fault.status ?? 503));
      break;
    case 'reject':
      send(simulator.errorReply(fault.status ?? 409));
      break;
    case 'rate_limit':
      send(rateLimited(simulator, fault.retryAfter));
      break;
    case 'html':
      raw(200, 'text/html; charset=utf-8', maintenancePage);
      break;
    case 'truncated_json': {
      const reply = cancel(context, simulator, orderIds);
      const json = JSON.stringify(reply.body ?? { id: orderIds[0], status: 'cancelled' });
      raw(200, 'application/json; charset=utf-8', json.slice(0, Math.max(1, Math.floor(json.length / 2))));
      break;
    }
    case 'endless_body':
      cancel(context, simulator, orderIds);
      writeEndless(response, entry, requestId);
      break;
    case 'redirect': {
      // Another origin on purpose (localhost is not 127.0.0.1): a client must not carry credentials there.
      const location =
        fault.location ?? `${context.url().replace('127.0.0.1', 'localhost')}/redirected${entry.path}`;
      send({ status: 307, headers: { location } });
      break;
    }
  }
}
