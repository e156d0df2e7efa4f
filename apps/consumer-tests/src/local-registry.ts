import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { PackedPackage } from './pack-workspace.js';

export interface LocalRegistry {
  /** Pass as `--@cancel:registry=<url>`: only the @cancel scope comes from here, the rest from npm. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the packed tarballs as an npm registry on loopback. npm then resolves `@cancel/zinc` by name and
 * its `@cancel/core` range the way it would from npmjs.com, so a wrong range fails here as it would there.
 */
export async function startLocalRegistry(packages: readonly PackedPackage[]): Promise<LocalRegistry> {
  const tarballs = new Map(packages.map((packed) => [path.basename(packed.tarball), packed.tarball]));
  let baseUrl = '';
  const packument = (packed: PackedPackage) => {
    const bytes = readFileSync(packed.tarball);
    const file = path.basename(packed.tarball);
    return {
      name: packed.name,
      'dist-tags': { latest: packed.version },
      versions: {
        [packed.version]: {
          ...packed.manifest,
          _id: `${packed.name}@${packed.version}`,
          dist: {
            tarball: `${baseUrl}/-/${file}`,
            integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
            shasum: createHash('sha1').update(bytes).digest('hex'),
          },
        },
      },
    };
  };
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://registry').pathname);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    if (pathname.startsWith('/-/')) {
      const tarball = tarballs.get(pathname.slice(3));
      if (!tarball) return send(404, { error: 'no such tarball' });
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      return response.end(readFileSync(tarball));
    }
    const packed = packages.find((candidate) => `/${candidate.name}` === pathname);
    if (!packed) return send(404, { error: 'not found' });
    return send(200, packument(packed));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${baseUrl}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
