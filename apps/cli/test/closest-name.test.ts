import { describe, expect, it } from 'vitest';
import { closestName } from '../src/closest-name.js';

const providers = ['zinc', 'offergrid', 'snappy', 'fungies', 'fincart', 'demo', 'sandbox'];

describe('closestName', () => {
  it.each([
    ['zink', 'zinc'],
    ['Zinc', 'zinc'],
    ['offgrid', 'offergrid'],
    ['fincard', 'fincart'],
    ['snapy', 'snappy'],
  ])('suggests %s → %s', (typed, expected) => {
    expect(closestName(typed, providers)).toBe(expected);
  });

  it('suggests a flag that was cut short', () => {
    expect(closestName('--retry', ['--retries', '--resume', '--json'])).toBe('--retries');
  });

  it('suggests nothing for a name that is not close to any', () => {
    expect(closestName('amazon', providers)).toBeUndefined();
  });
});
