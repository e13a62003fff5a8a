import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json-depth.js';

const arrays = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};
const objects = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: 'x', b: value };
  return value;
};

describe('nestsDeeperThan', () => {
  it('counts a scalar as no level and each object or array as one', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan([[]], 1)).toBe(true);
  });

  it('accepts exactly the limit and rejects one more, for arrays and objects', () => {
    expect(nestsDeeperThan(arrays(8), 8)).toBe(false);
    expect(nestsDeeperThan(arrays(9), 8)).toBe(true);
    expect(nestsDeeperThan(objects(8), 8)).toBe(false);
    expect(nestsDeeperThan(objects(9), 8)).toBe(true);
  });

  it('finds a deep branch after shallow siblings', () => {
    expect(nestsDeeperThan({ a: 1, b: [1, 2], c: { d: arrays(5) } }, 6)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: [1, 2], c: { d: arrays(4) } }, 6)).toBe(false);
  });

  it('answers for a nesting far deeper than the stack would allow a full walk', () => {
    expect(nestsDeeperThan(arrays(200_000), 64)).toBe(true);
  });
});
