import { requestFor } from '@cancel/core/provider';
import { builtInProviders, type ProviderId, type Sandbox } from '../../src/index.js';

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

/** The request the provider's own package builds for these IDs, with the sandbox's credentials. */
function packageRequest(sandbox: Sandbox, provider: ProviderId, ids: string | readonly string[]) {
  const builtIn = builtInProviders.find(({ spec }) => spec.id === provider);
  if (!builtIn) throw new Error(`no package registered for ${provider}`);
  // The test sends no per-call options; the specs of the built-in packages read none but OfferGrid's `reason`.
  const input = { credentials: sandbox.credentials[provider], options: {} as never };
  return requestFor(builtIn.spec, typeof ids === 'string' ? [ids] : ids, input);
}

/** The headers that carry the sandbox's credentials in the package's request. */
export function authHeaders(sandbox: Sandbox, provider: ProviderId): Record<string, string> {
  const secrets = Object.values(sandbox.credentials[provider] as Readonly<Record<string, string>>);
  const { headers } = packageRequest(sandbox, provider, 'any');
  return Object.fromEntries(
    Object.entries(headers).filter(([, value]) => secrets.some((secret) => value.includes(secret))),
  );
}

/** The documented cancel request for these IDs, as the provider's package sends it (Fincart's takes a batch). */
export function cancelRequest(
  sandbox: Sandbox,
  provider: ProviderId,
  ids: string | readonly string[],
): { method: string; url: string; headers: Record<string, string>; body?: string } {
  const request = packageRequest(sandbox, provider, ids);
  const url = `${sandbox.baseUrls[provider]}${request.path}`;
  if (request.json === undefined) return { method: request.method, url, headers: { ...request.headers } };
  const headers = { 'content-type': 'application/json', ...request.headers };
  return { method: request.method, url, headers, body: JSON.stringify(request.json) };
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
