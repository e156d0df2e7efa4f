import { offerGridProvider } from '@cancel/offergrid';
import { zincProvider } from '@cancel/zinc';
import { describe, expect, it } from 'vitest';
import { clientSettings, duration } from '../src/resolve-settings.js';

describe('pacing from the flags', () => {
  it('keeps a provider’s declared limits and adds --rate on top, so the rate never exceeds them', () => {
    expect(clientSettings(offerGridProvider, {}, undefined, {}).rateLimits).toEqual(
      offerGridProvider.rateLimits,
    );
    expect(clientSettings(offerGridProvider, { rate: 50 }, undefined, {}).rateLimits).toEqual([
      ...offerGridProvider.rateLimits!,
      { limit: 50, intervalMs: 1000 },
    ]);
    expect(clientSettings(zincProvider, { rate: 5 }, undefined, {}).rateLimits).toEqual([
      { limit: 5, intervalMs: 1000 },
    ]);
  });

  it('drops the declared limits with --no-rate-limits, keeping --rate if given', () => {
    expect(clientSettings(offerGridProvider, { noRateLimits: true }, undefined, {}).rateLimits).toBe(false);
    expect(
      clientSettings(offerGridProvider, { noRateLimits: true, rate: 7 }, undefined, {}).rateLimits,
    ).toEqual([{ limit: 7, intervalMs: 1000 }]);
  });

  it('maps --max-wait onto core’s bulk wait-out', () => {
    expect(
      clientSettings(zincProvider, { maxWaitMs: duration('--max-wait', '90s') }, undefined, {}).maxWaitMs,
    ).toBe(90_000);
    expect(duration('--max-wait', '5m')).toBe(300_000);
    expect(duration('--max-wait', '1.5h')).toBe(5_400_000);
    expect(duration('--max-wait', '250ms')).toBe(250);
    expect(duration('--max-wait', '45')).toBe(45_000);
  });
});
