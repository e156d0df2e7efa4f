import { describe, expect, it } from 'vitest';
import { isoDate, saysAlreadyCancelled } from '../src/provider-entry.js';

describe('saysAlreadyCancelled', () => {
  it.each([
    'Order has already been cancelled',
    'order_already_cancelled',
    'Order already canceled',
    'The order is cancelled',
    'Order status is CANCELLED',
  ])('hears %j', (text) => {
    expect(saysAlreadyCancelled(text)).toBe(true);
  });

  it.each([
    'Order already refunded, cannot be cancelled',
    'Only pending orders can be cancelled',
    'Order is cancellable only while pending',
    'Order not found',
  ])('does not hear %j', (text) => {
    expect(saysAlreadyCancelled(text)).toBe(false);
  });
});

describe('isoDate', () => {
  it('normalises a date string and refuses what is not one', () => {
    expect(isoDate('2026-05-27T15:57:00Z')).toBe('2026-05-27T15:57:00.000Z');
    expect(isoDate('soon')).toBeUndefined();
    expect(isoDate(1716825420)).toBeUndefined();
  });
});
