import type { ServerResponse } from 'node:http';
import type { Reply } from './providers/simulator.js';
import type { SandboxRequest } from './types.js';

/** Writes a reply and records its status in the log entry. A client that already left is ignored. */
export function writeReply(
  response: ServerResponse,
  entry: SandboxRequest,
  reply: Reply,
  requestId: string,
): void {
  if (response.destroyed || response.headersSent) return;
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  entry.status = reply.status;
  response.writeHead(reply.status, {
    'x-request-id': requestId,
    ...(text
      ? { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }
      : {}),
    ...reply.headers,
  });
  response.end(text);
}

/** Writes a body that is not JSON, or not whole: the misbehaviour a fault stands for. */
export function writeRaw(
  response: ServerResponse,
  entry: SandboxRequest,
  raw: { status: number; contentType: string; text: string },
  requestId: string,
): void {
  if (response.destroyed || response.headersSent) return;
  entry.status = raw.status;
  response.writeHead(raw.status, {
    'x-request-id': requestId,
    'content-type': raw.contentType,
    'content-length': Buffer.byteLength(raw.text),
  });
  response.end(raw.text);
}

// Bounded so that a client that never stops reading still ends; far above any sane body cap.
const endlessLimitBytes = 256 * 1024 * 1024;
const endlessChunk = Buffer.from('"the sandbox keeps talking",'.repeat(2048));

/** A 200 whose JSON body keeps coming, honouring backpressure, until the client hangs up. */
export function writeEndless(response: ServerResponse, entry: SandboxRequest, requestId: string): void {
  if (response.destroyed || response.headersSent) return;
  entry.status = 200;
  response.writeHead(200, { 'x-request-id': requestId, 'content-type': 'application/json; charset=utf-8' });
  response.write('{"data":[');
  let sent = 0;
  const pump = () => {
    while (!response.destroyed && sent < endlessLimitBytes) {
      sent += endlessChunk.length;
      if (!response.write(endlessChunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end('"done"]}');
  };
  pump();
}

export const maintenancePage =
  '<!DOCTYPE html>\n<html><head><title>503 Service Temporarily Unavailable</title></head>\n' +
  '<body><h1>We will be back soon</h1><p>The sandbox is pretending to be a proxy page.</p></body></html>\n';
