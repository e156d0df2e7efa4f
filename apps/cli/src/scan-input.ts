import { closestName } from './closest-name.js';
import { isProblem, type ReadItem } from './read-references.js';
import { referenceKey } from './reference-key.js';

/** What a whole file holds, learned before anything is sent. */
export interface InputScan {
  /** References by provider, duplicates and resumed ones included. */
  readonly perProvider: ReadonlyMap<string, number>;
  readonly total: number;
  /** Keys of orders named more than once: each is sent once and reported for every occurrence. */
  readonly duplicates: ReadonlySet<string>;
  /** Problems found, grouped: each message with the lines that have it. */
  readonly problems: ReadonlyMap<string, number[]>;
}

/** Reads the whole input once, holding one key per order only until it is done. */
export async function scanInput(
  items: AsyncIterable<ReadItem>,
  providerIds: readonly string[],
): Promise<InputScan> {
  const perProvider = new Map<string, number>();
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  const problems = new Map<string, number[]>();
  let total = 0;
  const note = (problem: string, line: number) => {
    const lines = problems.get(problem) ?? [];
    lines.push(line);
    problems.set(problem, lines);
  };
  for await (const item of items) {
    if (isProblem(item)) {
      note(item.problem, item.line);
      continue;
    }
    if (!providerIds.includes(item.provider)) {
      const suggestion = closestName(item.provider, providerIds);
      note(
        `unknown provider ${JSON.stringify(item.provider.slice(0, 40))}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; the providers are ${providerIds.join(', ')}`,
        item.line,
      );
      continue;
    }
    total++;
    perProvider.set(item.provider, (perProvider.get(item.provider) ?? 0) + 1);
    const key = referenceKey(item.provider, item.orderId);
    if (seen.has(key)) duplicates.add(key);
    else seen.add(key);
  }
  return { perProvider, total, duplicates, problems };
}

/** Every problem, one line each with where it is: `line 4, 9 and 12: unknown provider "zink" …`. */
export function describeProblems(problems: ReadonlyMap<string, readonly number[]>): string[] {
  return [...problems].map(([problem, lines]) => {
    const shown = lines.slice(0, 5).join(', ');
    const more = lines.length > 5 ? ` and ${lines.length - 5} more` : '';
    return `${lines.length === 1 ? 'line' : 'lines'} ${shown}${more}: ${problem}`;
  });
}
