import type { ProviderId, Sandbox } from '../../src/index.js';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or undefined. */
  readonly json: unknown;
}

export interface CallOverrides {
  /** Replaces the default headers; `undefined` removes one. */
  readonly headers?: Record<string, string | undefined>;
  readonly method?: string;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

/** The headers a correct client sends to each provider, with the sandbox's credentials. */
export function authHeaders(sandbox: Sandbox, provider: ProviderId): Record<string, string> {
  const { credentials } = sandbox;
  switch (provider) {
    case 'zinc':
      return { authorization: `Bearer ${credentials.zinc.apiKey}` };
    case 'offergrid':
      return { 'x-api-key': credentials.offergrid.apiKey };
    case 'snappy':
      return {
        'x-api-key': credentials.snappy.apiKey,
        'snappy-account-id': credentials.snappy.accountId,
        'snappy-company-id': credentials.snappy.companyId,
      };
    case 'fungies':
      return {
        'x-fngs-public-key': credentials.fungies.publicKey,
        'x-fngs-secret-key': credentials.fungies.secretKey,
      };
    case 'fincart':
      return { authorization: credentials.fincart.token };
  }
}

/** The documented cancel request for these IDs (one for every provider but Fincart, which takes a batch). */
export function cancelRequest(
  sandbox: Sandbox,
  provider: ProviderId,
  ids: string | readonly string[],
): { method: string; url: string; headers: Record<string, string>; body?: string } {
  const [first] = typeof ids === 'string' ? [ids] : ids;
  const segment = encodeURIComponent(first ?? '');
  const base = sandbox.baseUrls[provider];
  const headers = authHeaders(sandbox, provider);
  switch (provider) {
    case 'zinc':
      return { method: 'POST', url: `${base}/orders/${segment}/cancel`, headers };
    case 'offergrid':
      return { method: 'PATCH', url: `${base}/reseller/orders/${segment}/cancel`, headers };
    case 'snappy':
      return { method: 'POST', url: `${base}/v3/orders/${segment}/cancel`, headers };
    case 'fungies':
      return {
        method: 'PATCH',
        url: `${base}/v0/orders/${segment}/cancel`,
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      };
    case 'fincart':
      return {
        method: 'POST',
        url: `${base}/v4/orders/cancel`,
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ filters: { ids: typeof ids === 'string' ? [ids] : ids } }),
      };
  }
}

/** Sends a cancel the way the provider documents it; redirects are never followed. */
export async function callCancel(
  sandbox: Sandbox,
  provider: ProviderId,
  ids: string | readonly string[],
  overrides: CallOverrides = {},
): Promise<RawAnswer> {
  const request = cancelRequest(sandbox, provider, ids);
  const headers: Record<string, string> = { ...request.headers };
  for (const [name, value] of Object.entries(overrides.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const response = await fetch(request.url, {
    method: overrides.method ?? request.method,
    headers,
    body: overrides.body ?? request.body,
    redirect: 'manual',
    signal: overrides.signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
