/** Joins a base URL (a trailing slash ignored) and a path built with the `path` tag. */
export function joinUrl(baseUrl: string, path: string): string {
  return (baseUrl.endsWith('/') ? baseUrl.replace(/\/+$/, '') : baseUrl) + path;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * What is wrong with a base URL, or undefined; the CLI's `--base-url` is checked with it too. Credentials only travel
 * over https, or plain http to loopback. The raw text is checked as well as the parsed URL: `new URL()` drops
 * surrounding whitespace and reports an empty query or fragment (a trailing `?` or `#`) as none, yet the path
 * appended after either would no longer be a path.
 */
export function checkBaseUrl(baseUrl: string, allowInsecureHttp = false): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `${JSON.stringify(baseUrl)} is not an absolute URL; use one such as https://api.example.com`;
  }
  if (/[\s\p{Cc}]/u.test(baseUrl)) return 'it contains whitespace or a control character; remove it';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `it uses ${url.protocol}; use https:`;
  if (url.username || url.password)
    return 'it contains a user name or password; pass credentials as options instead';
  if (/[?#]/.test(baseUrl)) return 'it contains a query or fragment; give only the origin and path';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !allowInsecureHttp) {
    return `it is plain http to ${url.host}, which would send your credentials unencrypted; use https, or set allowInsecureHttp: true if you must`;
  }
  return undefined;
}
