import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { providerIds, serveSandbox } from '../src/index.js';
import { callCancel } from './support/provider-calls.js';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

describe('serveSandbox', () => {
  it('prints every base URL, the credentials and the environment lines, then closes on request', async () => {
    let printed = '';
    const served = await serveSandbox({
      output: { write: (text: string) => (printed += text) },
      handleSignals: false,
    });
    for (const provider of providerIds) expect(printed).toContain(served.baseUrls[provider]);
    expect(printed).toContain(`export ZINC_API_KEY=${served.credentials.zinc.apiKey}`);
    expect(printed).toContain(`export SNAPPY_COMPANY_ID=${served.credentials.snappy.companyId}`);
    expect(printed).toContain(`export FINCART_BASE_URL=${served.baseUrls.fincart}`);
    const answer = await callCancel(served, 'zinc', served.demoOrders.zinc[0]!.id);
    expect(answer.status).toBe(204);
    await served.close();
    await served.closed;
    await expect(fetch(served.url)).rejects.toThrow();
  });
});

describe('the cancel-sandbox bin (dist/bin.js)', () => {
  it('serves on the given port, and exits 0 on SIGTERM within 5 s', async () => {
    const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match && output.includes('Ctrl+C')) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`exited early: ${output}`)));
    });
    const index = (await (await fetch(`${url}/`)).json()) as { baseUrls: Record<string, string> };
    expect(index.baseUrls.zinc).toBe(`${url}/zinc`);
    const started = Date.now();
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('exits 2 with a usage message for a bad port', async () => {
    const child = spawn(process.execPath, [bin, '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(errors).toMatch(/--port needs a whole number/);
  });
});
