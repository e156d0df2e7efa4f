import { describe, expect, it } from 'vitest';
import { path } from './path.js';

describe('the path tag', () => {
  it('keeps the route as written and an ID of letters, digits and -._~ as it is', () => {
    expect(path`/orders/${'3fa85f64-5717_a.b~c'}/cancel`).toBe('/orders/3fa85f64-5717_a.b~c/cancel');
  });

  it('encodes / ? # % so a value stays one segment', () => {
    expect(path`/orders/${'a/b?c#d%e'}/cancel`).toBe('/orders/a%2Fb%3Fc%23d%25e/cancel');
  });

  it("encodes !'()* too, which encodeURIComponent leaves alone", () => {
    expect(path`/o/${"!'()*"}`).toBe('/o/%21%27%28%29%2A');
  });

  it('encodes a value that spells a relative segment once encoded', () => {
    expect(path`/orders/${'%2e%2e'}/cancel`).toBe('/orders/%252e%252e/cancel');
  });

  it('encodes every value of a route with several', () => {
    expect(path`/a/${'x y'}/b/${'é'}`).toBe('/a/x%20y/b/%C3%A9');
  });

  it.each(['.', '..', ''])('refuses %j, which would change the route', (value) => {
    expect(() => path`/orders/${value}/cancel`).toThrow('would change the route');
  });
});
