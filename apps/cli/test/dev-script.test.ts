import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };

const root = fileURLToPath(new URL('../../..', import.meta.url));

it('runs as the README says: ./dev cancel-order, with the command’s own stdout and exit status', async () => {
  const run = promisify(execFile);
  const version = await run('bash', ['dev', 'cancel-order', '--version'], { cwd: root, timeout: 120_000 });
  expect(version.stdout).toBe(`${packageJson.version}\n`);
  const failed = await run('bash', ['dev', 'cancel-order', 'zink', '1'], {
    cwd: root,
    timeout: 120_000,
  }).catch((error: { code: number; stdout: string; stderr: string }) => error);
  expect(failed).toMatchObject({ code: 2, stdout: '' });
  expect((failed as { stderr: string }).stderr).toContain('Did you mean zinc?');
}, 240_000);
