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

  it('never repeats an id or a version across many draws (the random pool refills)', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => createResourceId(0)));
    const versions = new Set(Array.from({ length: 5000 }, () => createVersion()));
    expect(ids.size).toBe(5000);
    expect(versions.size).toBe(5000);
    expect([...versions][0]).toMatch(/^W\/"[A-Za-z0-9_-]{12}"$/);
  });
});
