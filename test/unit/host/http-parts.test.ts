import { describe, expect, it } from 'vitest';
import { bearerTokenMatches } from '../../../src/host/http/bearer-token.js';
import { RouteTable } from '../../../src/host/http/route-table.js';

const token = 'correct-horse-battery-staple';

describe('bearerTokenMatches', () => {
  it.each([
    [`Bearer ${token}`, true],
    [`bearer ${token}`, true],
    [`Bearer  ${token} `, true],
    ['', false],
    ['Bearer', false],
    [`Bearer ${token}x`, false],
    [`Bearer ${token.slice(0, -1)}`, false],
    [`Basic ${token}`, false],
    [token, false],
    [`Bearer ${token} extra`, false],
  ])('%j → %s', (header, ok) => {
    expect(bearerTokenMatches(header, token)).toBe(ok);
  });
});

describe('RouteTable', () => {
  const noop = () => {};
  const table = new RouteTable()
    .add('get', '/health', noop)
    .add('post', '/admin/actors/:name/restart', noop)
    .add('post', '/admin/chaos/:name/:fault', noop);

  it('matches literal and parameter segments, decoding parameters', () => {
    expect(table.match('/health')?.params).toEqual({});
    expect(table.match('/admin/actors/exchange.okx/restart')?.params).toEqual({ name: 'exchange.okx' });
    expect(table.match('/admin/chaos/a%20b/crash')?.params).toEqual({ name: 'a b', fault: 'crash' });
  });

  it('tells a missing path from a path without that method', () => {
    expect(table.match('/healthz')).toBeNull();
    expect(table.match('/health/')).toBeNull();
    expect(table.match('/admin/actors//restart')).toBeNull();
    expect(table.match('/admin/actors/%E0%A4%A/restart')).toBeNull();
    expect([...table.match('/health')!.handlers.keys()]).toEqual(['get']);
  });

  it('refuses a route defined twice', () => {
    expect(() => new RouteTable().add('get', '/x', noop).add('get', '/x', noop)).toThrow('route GET /x is defined twice');
  });
});
