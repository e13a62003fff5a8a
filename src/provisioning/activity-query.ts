import { scimError } from '../scim/errors.js';
import type { ActivityPage, ActivityQuery, ActivityRecord } from './activity.js';

/** The filters `roster activity` and GET …/activity accept, as the user wrote them. */
export interface ActivityFilterText {
  since?: string | undefined;
  until?: string | undefined;
  resource?: string | undefined;
  status?: string | undefined;
  limit?: string | undefined;
  cursor?: string | undefined;
}

export const DEFAULT_ACTIVITY_LIMIT = 50;
export const MAX_ACTIVITY_LIMIT = 500;

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** A point in time: an ISO 8601 instant, or a duration before `now` such as `90s`, `15m`, `1h`, `7d`. */
export function parseInstant(text: string, now: Date, name: string): string {
  const relative = /^(\d{1,9})([smhdw])$/.exec(text.trim());
  if (relative) {
    const ms = Number(relative[1]) * (UNIT_MS[relative[2]!] ?? 0);
    return new Date(now.getTime() - ms).toISOString();
  }
  const parsed = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim()) || Number.isNaN(parsed)) {
    throw scimError.badRequest(
      `${name} must be an ISO 8601 time or a duration such as 15m, 1h or 7d, got "${text}"`,
    );
  }
  return new Date(parsed).toISOString();
}

/** A status filter: an exact code (`404`) or a class (`4xx`). */
export function parseStatusRange(text: string): { min: number; max: number } {
  const trimmed = text.trim().toLowerCase();
  const range = /^([1-5])xx$/.exec(trimmed);
  if (range) return { min: Number(range[1]) * 100, max: Number(range[1]) * 100 + 99 };
  if (/^[1-5]\d\d$/.test(trimmed)) return { min: Number(trimmed), max: Number(trimmed) };
  throw scimError.badRequest(
    `status must be a code such as 404 or a class such as 4xx, got "${text}"`,
  );
}

/** The opaque cursor that continues after `record`. */
export function encodeActivityCursor(record: Pick<ActivityRecord, 'time' | 'seq'>): string {
  return Buffer.from(`${record.time}|${record.seq}`, 'utf8').toString('base64url');
}

function decodeActivityCursor(cursor: string): { time: string; seq: number } {
  const [time, seq] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (
    time === undefined ||
    seq === undefined ||
    !/^\d+$/.test(seq) ||
    Number.isNaN(Date.parse(time))
  ) {
    throw scimError.invalidCursor('the cursor is not one this server issued');
  }
  return { time, seq: Number(seq) };
}

/** Turns the textual filters into a store query for one tenant; throws a 400 ScimError on bad input. */
export function parseActivityQuery(
  tenantId: string,
  text: ActivityFilterText,
  now: Date,
): ActivityQuery {
  let limit = DEFAULT_ACTIVITY_LIMIT;
  if (text.limit !== undefined) {
    if (
      !/^\d+$/.test(text.limit) ||
      Number(text.limit) < 1 ||
      Number(text.limit) > MAX_ACTIVITY_LIMIT
    ) {
      throw scimError.badRequest(
        `limit must be between 1 and ${MAX_ACTIVITY_LIMIT}, got "${text.limit}"`,
      );
    }
    limit = Number(text.limit);
  }
  return {
    tenantId,
    limit,
    ...(text.since ? { since: parseInstant(text.since, now, 'since') } : {}),
    ...(text.until ? { until: parseInstant(text.until, now, 'until') } : {}),
    ...(text.resource ? { resourceId: text.resource } : {}),
    ...(text.status ? { status: parseStatusRange(text.status) } : {}),
    ...(text.cursor ? { after: decodeActivityCursor(text.cursor) } : {}),
  };
}

/** The cursor of the next page, or null on the last page. */
export function nextActivityCursor(page: ActivityPage): string | null {
  const last = page.entries[page.entries.length - 1];
  return page.hasMore && last ? encodeActivityCursor(last) : null;
}
