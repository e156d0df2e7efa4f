import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** A server on another origin (another port) that records who reached it: a redirect must never lead there. */
export function useTrapServer(): {
  url: () => string;
  hits: { path: string; headers: IncomingHttpHeaders }[];
} {
  const hits: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    hits.push({ path: request.url ?? '', headers: request.headers });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: () => url, hits };
}
