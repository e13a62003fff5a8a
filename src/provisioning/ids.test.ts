import { describe, expect, it } from 'vitest';
import { createResourceId, createVersion } from './ids.js';

describe('resource ids and versions', () => {
  it('creates RFC 9562 version 7 UUIDs that sort by creation time', () => {
    const first = createResourceId(1_700_000_000_000);
    const later = createResourceId(1_700_000_000_001);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first < later).toBe(true);
  });

  it('never repeats an id or a version across many draws (the random pool refills)', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => createResourceId(0)));
    const versions = new Set(Array.from({ length: 5000 }, () => createVersion()));
    expect(ids.size).toBe(5000);
    expect(versions.size).toBe(5000);
    expect([...versions][0]).toMatch(/^W\/"[A-Za-z0-9_-]{12}"$/);
  });
});
