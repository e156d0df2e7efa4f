import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/parse-command-line.js';
import { UsageError } from '../src/usage-error.js';

const providers = ['zinc', 'offergrid', 'snappy', 'fungies', 'fincart'];

describe('parseCommandLine', () => {
  it('finds the provider after flags and their values', () => {
    const invocation = parseCommandLine(['--file', 'ids.txt', '--json', 'zinc', 'a', 'b'], providers);
    expect(invocation).toMatchObject({ command: 'cancel', provider: 'zinc', orderIds: ['a', 'b'] });
    expect(invocation.command === 'cancel' && invocation.values).toMatchObject({
      file: 'ids.txt',
      json: true,
    });
  });

  it('takes IDs that start with a dash after --', () => {
    expect(parseCommandLine(['fincart', '--', '-123'], providers)).toMatchObject({ orderIds: ['-123'] });
  });

  it.each([
    [['zinc', '1', '--concurrency'], '--concurrency needs a value'],
    [['zinc', '1', '--json=yes'], '--json is a switch'],
    [['zinc', '1', '--jsno'], 'Did you mean --json?'],
    [['offgrid', '1'], 'Did you mean offergrid?'],
    [['demo', 'extra'], 'takes no arguments'],
    [['sandbox', '--file', 'x'], 'Unknown option --file'],
    [['--json'], 'Unknown option --json'],
  ])('explains %j', (args, message) => {
    expect(() => parseCommandLine(args, providers)).toThrow(UsageError);
    expect(() => parseCommandLine(args, providers)).toThrow(message);
  });

  it('reads help, version and subcommands', () => {
    expect(parseCommandLine([], providers)).toEqual({ command: 'help', requested: false });
    expect(parseCommandLine(['-h'], providers)).toEqual({ command: 'help', requested: true });
    expect(parseCommandLine(['help', 'zinc'], providers)).toMatchObject({ command: 'help', topic: 'zinc' });
    expect(parseCommandLine(['--version'], providers)).toEqual({ command: 'version' });
    expect(parseCommandLine(['sandbox', '--port', '4010'], providers)).toMatchObject({
      values: { port: '4010' },
    });
  });
});
