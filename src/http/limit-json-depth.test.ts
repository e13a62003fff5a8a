import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth, maxJsonDepth } from './limit-json-depth.js';

const arrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('exceedsJsonDepth', () => {
  it('accepts scalars and a body nested exactly to the limit', () => {
    expect(exceedsJsonDepth('text', maxJsonDepth)).toBe(false);
    expect(exceedsJsonDepth(arrays(maxJsonDepth), maxJsonDepth)).toBe(false);
  });

  it('refuses a body one level deeper than the limit, through objects and arrays alike', () => {
    expect(exceedsJsonDepth(arrays(maxJsonDepth + 1), maxJsonDepth)).toBe(true);
    let value: unknown = {};
    for (let i = 1; i <= maxJsonDepth; i++) value = { a: [value] };
    expect(exceedsJsonDepth(value, maxJsonDepth)).toBe(true);
  });

  it('walks a 100,000-deep body without exhausting the stack', () => {
    expect(exceedsJsonDepth(arrays(100_000), maxJsonDepth)).toBe(true);
  });
});
