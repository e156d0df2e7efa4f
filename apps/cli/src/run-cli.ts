import { parseArgs } from 'node:util';
import { redactText } from '@cancel/core';
import packageJson from '../package.json' with { type: 'json' };
import { builtInProviders } from './built-in-providers.js';
import type { CliIo } from './cli-io.js';
import type { CliProvider } from './cli-provider.js';
import { closestName } from './closest-name.js';
import { cancelOptionsWith, credentialFlagsOf } from './command-options.js';
import { demoHelp, mainHelp, providerHelp, sandboxHelp } from './help-text.js';
import { paintFor } from './paint.js';
import { type Invocation, parseCommandLine } from './parse-command-line.js';
import { prepareRun } from './prepare-run.js';
import { runCancel } from './run-cancel.js';
import { runDemo } from './run-demo.js';
import { runDry } from './run-dry.js';
import { runQueued } from './run-queued.js';
import { runSandbox } from './run-sandbox.js';
import { runWorker } from './run-worker.js';
import { withTraceExport } from './trace-export.js';
import { UsageError } from './usage-error.js';

/** Runs `cancel-order` with these arguments and returns the exit status: 0, 1, 2 (usage), 130 (interrupted). */
export async function runCli(
  args: readonly string[],
  io: CliIo,
  providers: readonly CliProvider[] = builtInProviders,
): Promise<number> {
  try {
    const ids = providers.map((provider) => provider.spec.id);
    const flags = credentialFlagsOf(providers.map((provider) => provider.spec));
    return await dispatch(parseCommandLine(args, ids, flags), io, providers);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const message = redactText(error.message, flagSecrets(args, providers));
    io.stderr.write(`${paintFor(io.stderr)('red', 'error:')} ${message}\n`);
    return 2;
  }
}

async function dispatch(
  invocation: Invocation,
  io: CliIo,
  providers: readonly CliProvider[],
): Promise<number> {
  switch (invocation.command) {
    case 'version':
      io.stdout.write(`${packageJson.version}\n`);
      return 0;
    case 'help':
      return help(invocation.topic, invocation.requested, io, providers);
    case 'demo':
      return invocation.help ? help('demo', true, io, providers) : runDemo(io, providers);
    case 'sandbox':
      return invocation.values.help
        ? help('sandbox', true, io, providers)
        : runSandbox(invocation.values, io, providers);
    case 'worker':
      return runWorker(invocation.args, io, providers);
    case 'cancel': {
      const { values } = invocation;
      if (values.help) return help(invocation.provider, true, io, providers);
      const plan = await prepareRun(invocation, io, providers);
      if (values['dry-run']) return runDry(plan, io);
      if (values.queue !== undefined) {
        return runQueued(plan, io, {
          url: values.queue,
          runId: values['run-id'],
          orderIds: invocation.orderIds,
        });
      }
      return withTraceExport(plan, values.otlp, io, (traced) => runCancel(traced, io));
    }
  }
}

/** Asked for, help goes to stdout with status 0; shown because nothing was asked, to stderr with status 2. */
function help(
  topic: string | undefined,
  requested: boolean,
  io: CliIo,
  providers: readonly CliProvider[],
): number {
  const provider = providers.find((candidate) => candidate.spec.id === topic);
  const texts: Record<string, string> = { demo: demoHelp, sandbox: sandboxHelp };
  let text: string | undefined;
  if (topic === undefined) text = mainHelp(providers.map((candidate) => candidate.spec));
  else text = provider ? providerHelp(provider.spec) : texts[topic];
  if (text === undefined) {
    const suggestion = closestName(topic!, [
      ...providers.map((candidate) => candidate.spec.id),
      'demo',
      'sandbox',
    ]);
    throw new UsageError(
      `No help on ${JSON.stringify(topic)}.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
    );
  }
  (requested ? io.stdout : io.stderr).write(text);
  return requested ? 0 : 2;
}

/** Values of credential flags, to be removed from a usage error even if a message were ever to quote one. */
function flagSecrets(args: readonly string[], providers: readonly CliProvider[]): string[] {
  const credentialFlags = credentialFlagsOf(providers.map((provider) => provider.spec));
  const { values } = parseArgs({
    args: [...args],
    options: cancelOptionsWith(credentialFlags),
    strict: false,
    allowPositionals: true,
  });
  return credentialFlags
    .map((flag) => values[flag])
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
}
