import { expect } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import type { TestApp } from '../support/test-app.js';
import { bodyOf } from './scim-expectations.js';

export type Resource = { id: string; meta: { version: string } } & Record<string, unknown>;

/** What a replayed request answered: status, ETag and parsed body (undefined when empty). */
export interface SentRequest {
  status: number;
  etag?: unknown;
  body?: unknown;
}

/** Helpers shared by the identity-provider request sequences (Entra ID, Okta) over HTTP. */
export function createVendorSequence(app: () => TestApp) {
  const patchOp = (Operations: unknown[]) => ({ schemas: [URN.patchOp], Operations });

  const send = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<SentRequest> => {
    const response = await app().scim(method, path, body === undefined ? {} : { body });
    return {
      status: response.statusCode,
      etag: response.headers.etag,
      body: response.body === '' ? undefined : bodyOf(response),
    };
  };

  /** The vendors read nothing from a Group PATCH answer: 204, and the ETag names the stored version. */
  const expectGroupPatched = async (patched: SentRequest, id: string) => {
    expect(patched.status, JSON.stringify(patched.body)).toBe(204);
    expect(patched.body).toBeUndefined();
    const stored = await send('GET', `/Groups/${id}`);
    expect(stored.status).toBe(200);
    expect(patched.etag).toBe((stored.body as Resource).meta.version);
    return stored.body as Resource;
  };

  const memberIds = (body: unknown) =>
    (((body as Record<string, unknown>).members ?? []) as { value: string }[])
      .map((member) => member.value)
      .sort();

  return { patchOp, send, expectGroupPatched, memberIds };
}
