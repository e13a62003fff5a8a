import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/** Offset in `pool` of `size` fresh cryptographically random bytes (refilled 4 KiB at a time). */
function takeRandom(size: number): number {
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += size;
  return start;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** The first two groups of a version 7 UUID for the last millisecond asked for. */
let lastMillisecond = -1;
let lastTimeGroups = '';

function timeGroups(now: number): string {
  if (now !== lastMillisecond) {
    // 48-bit Unix milliseconds as 8 + 4 hex digits.
    const time = now.toString(16).padStart(12, '0').slice(-12);
    lastTimeGroups = `${time.slice(0, 8)}-${time.slice(8)}-`;
    lastMillisecond = now;
  }
  return lastTimeGroups;
}

/** A time-ordered UUID (RFC 9562 §5.7, version 7): index-friendly, never reused. */
export function createResourceId(now = Date.now()): string {
  const at = takeRandom(10);
  const p = pool;
  // Version 7 and 12 random bits, then variant 10 and 62 random bits.
  const version = HEX[0x70 | ((p[at] ?? 0) & 0x0f)] ?? '70';
  const variant = HEX[0x80 | ((p[at + 2] ?? 0) & 0x3f)] ?? '80';
  return (
    timeGroups(now) +
    version +
    HEX[p[at + 1] ?? 0] +
    '-' +
    variant +
    HEX[p[at + 3] ?? 0] +
    '-' +
    HEX[p[at + 4] ?? 0] +
    HEX[p[at + 5] ?? 0] +
    HEX[p[at + 6] ?? 0] +
    HEX[p[at + 7] ?? 0] +
    HEX[p[at + 8] ?? 0] +
    HEX[p[at + 9] ?? 0]
  );
}

/** A new weak entity tag for meta.version (RFC 7232 §2.3); it changes on every write. */
export function createVersion(): string {
  const at = takeRandom(9);
  return `W/"${pool.toString('base64url', at, at + 9)}"`;
}
