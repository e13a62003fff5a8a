import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/** Cryptographically random bytes, drawn from a pool refilled 4 KiB at a time (one syscall). */
function randomFrom(size: number): Buffer {
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return bytes;
}

/** A time-ordered UUID (RFC 9562 §5.7, version 7): index-friendly, never reused. */
export function createResourceId(now = Date.now()): string {
  const bytes = randomFrom(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new weak entity tag for meta.version (RFC 7232 §2.3); it changes on every write. */
export function createVersion(): string {
  return `W/"${randomFrom(9).toString('base64url')}"`;
}
