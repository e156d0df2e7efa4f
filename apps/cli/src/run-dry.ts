import type { CliIo } from './cli-io.js';
import { commentWarning } from './comment-warning.js';
import { invalidOrderId } from './invalid-order-id.js';
import { orderIdSource } from './order-id-source.js';
import type { RunPlan } from './prepare-run.js';
import { Screen } from './screen.js';

/**
 * Checks every ID against the provider's rule; credentials and settings were checked by `prepareRun`.
 * Nothing is sent and nothing is journaled. Exit 1 when an ID is invalid, as the real run would fail it.
 */
export async function runDry(plan: RunPlan, options: { json: boolean }, io: CliIo): Promise<number> {
  const screen = new Screen(io, plan.credentials.secrets);
  const { spec } = plan.provider;
  const comments = commentWarning(spec);
  let valid = 0;
  let invalid = 0;
  let skipped = 0;
  const source = orderIdSource({
    orderIds: plan.orderIds,
    file: plan.file,
    skip: plan.resumed?.succeeded,
    onSkip: () => skipped++,
    onComment: comments.see,
    signal: io.interrupt,
  });
  for await (const orderId of source) {
    const problem = invalidOrderId(orderId, spec);
    if (problem) invalid++;
    else valid++;
    const line = problem
      ? {
          provider: spec.id,
          orderId,
          ok: false,
          dryRun: true,
          error: { code: 'invalid_input', message: problem, retryable: false },
        }
      : { provider: spec.id, orderId, ok: true, dryRun: true };
    if (options.json) await screen.print(JSON.stringify(line));
    else if (problem)
      await screen.say(
        `${screen.paint('red', '✗')} ${orderId}  ${screen.paint('red', 'invalid_input')}: ${problem}`,
      );
    else await screen.say(`${screen.paint('green', '✓')} ${orderId}  valid, would be sent`);
  }
  const warning = comments.message();
  if (warning) await screen.say(screen.paint('yellow', warning));
  const found = spec.credentials
    .filter((credential) => plan.credentials.values[credential.option] !== undefined)
    .map((credential) => credential.label)
    .join(', ');
  await screen.say(
    `Dry run, nothing sent: ${valid + invalid} order ID(s) checked, ${valid} valid, ${invalid} invalid` +
      (skipped > 0 ? `, ${skipped} skipped as already succeeded in ${plan.journalPath}` : '') +
      `. ${spec.displayName} credentials present: ${found || 'none needed'}.`,
  );
  return invalid > 0 ? 1 : 0;
}
