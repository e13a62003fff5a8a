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

/** A time-ordered UUID (RFC 9562 §5.7, version 7): index-friendly, never reused. */
export function createResourceId(now = Date.now()): string {
  const at = takeRandom(10);
  const hex = (i: number) => HEX[pool[at + i] ?? 0] ?? '00';
  // 48-bit Unix milliseconds, then version 7 and 12 random bits, then variant 10 and 62 random bits.
  const time = now.toString(16).padStart(12, '0').slice(-12);
  const version = (0x70 | ((pool[at] ?? 0) & 0x0f)).toString(16);
  const variant = HEX[0x80 | ((pool[at + 2] ?? 0) & 0x3f)] ?? '80';
  return (
    `${time.slice(0, 8)}-${time.slice(8)}-${version}${hex(1)}-${variant}${hex(3)}-` +
    `${hex(4)}${hex(5)}${hex(6)}${hex(7)}${hex(8)}${hex(9)}`
  );
}

/** A new weak entity tag for meta.version (RFC 7232 §2.3); it changes on every write. */
export function createVersion(): string {
  const at = takeRandom(9);
  return `W/"${pool.toString('base64url', at, at + 9)}"`;
}
