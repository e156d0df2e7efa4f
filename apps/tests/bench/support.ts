/** What the bench's sections share: medians, order IDs in Zinc's format, and a loopback server answering 204. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const orderId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** `204` with a request ID and no body: the lean answer where a client's own cost shows most. */
export async function startNoContentServer(): Promise<{ server: Server; baseUrl: string }> {
  let served = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(204, { 'x-request-id': `req_${(++served).toString(36)}` });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
