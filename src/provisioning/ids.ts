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

const DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** The 36 characters of the id being built: written in place, read out as one flat string. */
const text = Buffer.alloc(36);

/** Writes `byte` as two hex digits at `at` in `text`. */
function writeHex(byte: number, at: number): void {
  text[at] = DIGITS[byte >> 4] ?? 0;
  text[at + 1] = DIGITS[byte & 0x0f] ?? 0;
}

/** The first two groups of a version 7 UUID for the millisecond in `ms`, with their dashes. */
let timeGroupsMs = -1;
const timeGroups = Buffer.alloc(14);

function writeTimeGroups(ms: number): void {
  if (ms !== timeGroupsMs) {
    // 48-bit Unix milliseconds as 8 + 4 hex digits.
    const hex = ms.toString(16).padStart(12, '0').slice(-12);
    timeGroups.write(`${hex.slice(0, 8)}-${hex.slice(8)}-`, 0, 'latin1');
    timeGroupsMs = ms;
  }
  timeGroups.copy(text, 0);
}

/**
 * The timestamp and 12-bit counter of the next id (RFC 9562 §6.2, method 1: a dedicated counter
 * in `rand_a`). Each new millisecond seeds the counter with 11 random bits, so at least 2,048
 * ids fit in it; a counter that runs over moves on to the next millisecond, and the clock
 * catching up continues from there. A clock that goes back starts over at the time it gives.
 */
let lastNow = -1;
let counterMs = -1;
let counter = 0;

function seedCounter(): number {
  const at = takeRandom(2);
  return (((pool[at] ?? 0) << 8) | (pool[at + 1] ?? 0)) & 0x7ff;
}

function nextCounter(now: number): void {
  if (now === lastNow || (now > lastNow && now <= counterMs)) {
    counter += 1;
    if (counter > 0xfff) {
      counterMs += 1;
      counter = seedCounter();
    }
  } else {
    counterMs = now;
    counter = seedCounter();
  }
  lastNow = now;
}

/**
 * A time-ordered UUID (RFC 9562 §5.7, version 7): the millisecond, a counter that keeps the ids
 * of one millisecond in creation order (§6.2), and 62 random bits. Ids made one after another
 * sort one after another, so every index keyed by id grows at its end instead of splitting pages
 * in the middle. Built in a byte buffer and read out once: a bulk request creates thousands,
 * and a string pieced together from a dozen parts costs a dozen objects that the database
 * driver then flattens again.
 */
export function createResourceId(now = Date.now()): string {
  nextCounter(now);
  writeTimeGroups(counterMs);
  const at = takeRandom(8);
  const p = pool;
  // Version 7 and the counter, then variant 10 and 62 random bits.
  writeHex(0x70 | (counter >> 8), 14);
  writeHex(counter & 0xff, 16);
  text[18] = 0x2d;
  writeHex(0x80 | ((p[at] ?? 0) & 0x3f), 19);
  writeHex(p[at + 1] ?? 0, 21);
  text[23] = 0x2d;
  for (let i = 0; i < 6; i++) writeHex(p[at + 2 + i] ?? 0, 24 + 2 * i);
  return text.toString('latin1', 0, 36);
}

/** A new weak entity tag for meta.version (RFC 7232 §2.3); it changes on every write. */
export function createVersion(): string {
  const at = takeRandom(9);
  return `W/"${pool.toString('base64url', at, at + 9)}"`;
}
