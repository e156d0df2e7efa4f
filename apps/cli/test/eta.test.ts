import { describe, expect, it } from 'vitest';
import { Eta } from '../src/eta.js';

const offerGridLimits = [
  { limit: 100, intervalMs: 60_000 },
  { limit: 10_000, intervalMs: 3_600_000 },
];

describe('Eta', () => {
  it('says about 30 minutes for 3,000 OfferGrid orders right after the first burst of 100', () => {
    const eta = new Eta(new Map([['offergrid', 3000]]), () => offerGridLimits, 0);
    for (let index = 0; index < 100; index++) eta.finished('offergrid', true);
    const minutes = eta.remainingMs(1000)! / 60_000;
    expect(minutes).toBeGreaterThan(28);
    expect(minutes).toBeLessThan(31);
  });

  it('follows the slowest provider, and the observed rate where nothing is declared', () => {
    const eta = new Eta(
      new Map([
        ['zinc', 1000],
        ['snappy', 1000],
      ]),
      (provider) => (provider === 'snappy' ? [{ limit: 100, intervalMs: 1000 }] : []),
      0,
    );
    expect(eta.remainingMs(0)).toBeUndefined();
    for (let index = 0; index < 500; index++) eta.finished('zinc', true);
    for (let index = 0; index < 100; index++) eta.finished('snappy', true);
    // Zinc: 500 more at 500 a second is 1 s; Snappy: 900 more at the 100 a second it has shown is 9 s.
    expect(eta.remainingMs(1000)! / 1000).toBeCloseTo(9, 1);
  });

  it('counts orders skipped without a request out of what is left', () => {
    const eta = new Eta(new Map([['zinc', 10]]), () => [], 0);
    for (let index = 0; index < 5; index++) eta.finished('zinc', false);
    for (let index = 0; index < 4; index++) eta.finished('zinc', true);
    expect(eta.remainingMs(400)).toBeCloseTo(100);
  });
});
