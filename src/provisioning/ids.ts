import { randomBytes } from 'node:crypto';

/** A time-ordered UUID (RFC 9562 §5.7, version 7): index-friendly, never reused. */
export function createResourceId(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new weak entity tag for meta.version (RFC 7232 §2.3); it changes on every write. */
export function createVersion(): string {
  return `W/"${randomBytes(9).toString('base64url')}"`;
}
