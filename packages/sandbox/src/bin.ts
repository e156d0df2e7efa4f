#!/usr/bin/env node
import { builtInProviders } from './built-in-providers.js';
import { serveSandbox } from './serve.js';

const names = builtInProviders.map(({ spec }) => spec.displayName);
const usage = `Usage: cancel-sandbox [--port N] [--no-rate-limits] [--no-seed]

Serves the ${names.slice(0, -1).join(', ')} and ${names.at(-1)} simulators on 127.0.0.1 and prints
their base URLs and test credentials. Ctrl+C stops it.
`;

function parse(argv: readonly string[]): { port: number; rateLimits: boolean; seed: boolean } | string {
  const options = { port: 0, rateLimits: true, seed: true };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    const [flag, inline] = argument.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === '--port') {
      const value = inline ?? argv[++index];
      const port = Number(value);
      if (!value || !Number.isInteger(port) || port < 0 || port > 65_535) {
        return `--port needs a whole number from 0 to 65535, not ${JSON.stringify(value ?? '')}`;
      }
      options.port = port;
    } else if (argument === '--no-rate-limits') options.rateLimits = false;
    else if (argument === '--no-seed') options.seed = false;
    else if (argument === '--help' || argument === '-h') return '';
    else return `unknown argument ${JSON.stringify(argument)}`;
  }
  return options;
}

const parsed = parse(process.argv.slice(2));
if (typeof parsed === 'string') {
  if (parsed) process.stderr.write(`cancel-sandbox: ${parsed}\n\n`);
  process.stderr.write(usage);
  process.exitCode = parsed ? 2 : 0;
} else {
  serveSandbox(parsed).then(
    (sandbox) => sandbox.closed,
    (error: unknown) => {
      process.stderr.write(`cancel-sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
