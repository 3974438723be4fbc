import { describe, expect, it } from 'vitest';
import { kDefaultMapSizeBytes, resolveStoreOptions } from '../../../src/market/store/store-options.js';

describe('store options', () => {
  it('fills defaults', () => {
    const o = resolveStoreOptions({ path: '/tmp/x' });
    expect(o).toMatchObject({ path: '/tmp/x', mapSizeBytes: kDefaultMapSizeBytes, budgetBytes: undefined, durability: 'fsync', readOnly: false });
    expect(resolveStoreOptions({ path: '/tmp/x', budgetBytes: 4 * kDefaultMapSizeBytes }).mapSizeBytes).toBe(4 * kDefaultMapSizeBytes);
  });

  it('names the bad option', () => {
    expect(() => resolveStoreOptions({ path: 'relative' })).toThrow(/store\.path/);
    expect(() => resolveStoreOptions({ path: '/x', mapSizeBytes: 0 })).toThrow(/store\.mapSizeBytes/);
    expect(() => resolveStoreOptions({ path: '/x', budgetBytes: 1.5 })).toThrow(/store\.budgetBytes/);
    expect(() => resolveStoreOptions({ path: '/x', durability: 'never' as never })).toThrow(/store\.durability: "never" is not one of/);
    expect(() => resolveStoreOptions({ path: '/x', readOnly: true, budgetBytes: 10 }, 'recorder')).toThrow(/recorder\.budgetBytes/);
  });
});
