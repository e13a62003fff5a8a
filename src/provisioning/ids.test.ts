import { describe, expect, it } from 'vitest';
import { createResourceId, createVersion } from './ids.js';

describe('resource ids and versions', () => {
  it('creates RFC 9562 version 7 UUIDs that sort by creation time', () => {
    const first = createResourceId(1_700_000_000_000);
    const later = createResourceId(1_700_000_000_001);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first < later).toBe(true);
  });

  it('writes the 48-bit millisecond time first, then the version and the variant', () => {
    const id = createResourceId(0x0123_4567_89ab);
    expect(id.slice(0, 15)).toBe('01234567-89ab-7');
    expect(id[19]).toMatch(/[89ab]/);
    expect(createResourceId(5).slice(0, 13)).toBe('00000000-0005');
  });

  it('keeps the ids of one millisecond in the order they were made (RFC 9562 §6.2 counter)', () => {
    const ids = Array.from({ length: 1500 }, () => createResourceId(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('moves on to the next millisecond when the counter runs over, and stays in order as the clock catches up', () => {
    const now = 1_800_000_100_000;
    const burst = Array.from({ length: 5000 }, () => createResourceId(now));
    expect([...burst].sort()).toEqual(burst);
    const timeOf = (id: string) => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(timeOf(burst[0]!)).toBe(now);
    expect(timeOf(burst.at(-1)!)).toBeGreaterThan(now);
    const caughtUp = createResourceId(now + 1);
    expect(caughtUp > burst.at(-1)!).toBe(true);
    const later = createResourceId(now + 10);
    expect(timeOf(later)).toBe(now + 10);
    expect(later > caughtUp).toBe(true);
  });

  it('never repeats an id or a version across many draws (the random pool refills)', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => createResourceId(0)));
    const versions = new Set(Array.from({ length: 5000 }, () => createVersion()));
    expect(ids.size).toBe(5000);
    expect(versions.size).toBe(5000);
    expect([...versions][0]).toMatch(/^W\/"[A-Za-z0-9_-]{12}"$/);
  });
});
