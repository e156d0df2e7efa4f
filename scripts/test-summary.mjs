// Sums the per-package vitest summaries that turbo prints behind its prefixes into one closing line.
import { readFileSync } from 'node:fs';

const escapeCharacter = String.fromCharCode(27);
const log = readFileSync(process.argv[2], 'utf8').replaceAll(
  new RegExp(`${escapeCharacter}\\[[0-9;]*m`, 'g'),
  '',
);
const totals = { passed: 0, failed: 0, skipped: 0, packages: 0 };
for (const line of log.split('\n')) {
  const summary = /\bTests\s+(.*)\((\d+)\)\s*$/.exec(line);
  if (!summary) continue;
  totals.packages++;
  for (const kind of ['passed', 'failed', 'skipped']) {
    totals[kind] += Number(new RegExp(`(\\d+) ${kind}`).exec(summary[1])?.[1] ?? 0);
  }
}
console.log(`\n${totals.packages} test runs`);
console.log(
  `Tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
