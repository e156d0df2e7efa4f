import { describe, expect, it } from 'vitest';
import { renderProgress } from '../src/progress-bar.js';

describe('renderProgress', () => {
  it('shows the count, percentage, rate and ETA of a known total', () => {
    const line = renderProgress({ done: 50, total: 200, failed: 2, elapsedMs: 10_000, columns: 100 });
    expect(line).toContain('50/200 25%');
    expect(line).toContain('2 failed');
    expect(line).toContain('5.0/s');
    expect(line).toContain('ETA 30.0s');
    expect(line).toMatch(/^\[█+░+\]/);
  });

  it('shows a count and a rate without an ETA when the total is unknown (stdin)', () => {
    const line = renderProgress({ done: 1500, total: undefined, failed: 0, elapsedMs: 3_000, columns: 100 });
    expect(line).toBe('1,500 done · 500/s');
  });

  it('fits a narrow terminal', () => {
    const line = renderProgress({ done: 1, total: 10, failed: 0, elapsedMs: 1_000, columns: 30 });
    expect(line.length).toBeLessThan(30);
  });
});
