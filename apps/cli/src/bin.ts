import { processIo } from './cli-io.js';
import { runCli } from './run-cli.js';

// The first Ctrl-C lets a run stop cleanly (orders in flight end, the journal and summary are written);
// a second one exits at once.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  });
}

// A reader that went away (`| head`) is not a crash: later writes are dropped, and a run stops taking orders.
process.stdout.on('error', () => undefined);

let settled = false;
// Node ends a process whose every promise waits on nothing; a run must never end that way looking successful.
process.once('beforeExit', () => {
  if (settled) return;
  process.stderr.write(
    'cancel-order: the run stopped before it finished, with orders unreported (a bug in cancel-order). Orders in the --journal are done; run again with --resume to send the rest.\n',
  );
  process.exitCode = 1;
});

runCli(process.argv.slice(2), processIo(interrupt.signal)).then(
  (status) => {
    settled = true;
    process.exitCode = status;
    // A run that stopped early (a closed stdout, Ctrl-C) may leave stdin open and unread: let the process end.
    process.stdin.destroy();
  },
  (error: unknown) => {
    settled = true;
    process.stderr.write(
      `cancel-order: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
