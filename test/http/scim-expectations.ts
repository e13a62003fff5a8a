import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { URN } from '../../src/scim/urns.js';

/** The content type every SCIM response carries (RFC 7644 §3.1). */
export const SCIM_JSON = 'application/scim+json; charset=utf-8';

/** A weak entity tag as Roster writes meta.version (RFC 7232 §2.3). */
export const WEAK_ETAG = /^W\/"[^"]+"$/;

/** An ISO 8601 instant as Roster writes meta.created / meta.lastModified. */
export const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** The parsed JSON body of a response. */
export function bodyOf(response: LightMyRequestResponse): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}

/** The full RFC 7644 §3.12 error body; `detail` defaults to any string. */
export function errorBody(status: number, scimType?: string, detail: unknown = expect.any(String)) {
  return {
    schemas: [URN.error],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  };
}

/** Asserts status, SCIM content type and the whole error body of a response. */
export function expectScimError(
  response: LightMyRequestResponse,
  status: number,
  scimType?: string,
  detail?: unknown,
): void {
  expect({
    status: response.statusCode,
    contentType: response.headers['content-type'],
    body: bodyOf(response),
  }).toEqual({
    status,
    contentType: SCIM_JSON,
    body: errorBody(status, scimType, detail),
  });
}
