import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxFilterDepth, maxFilterTerms } from '../../src/scim/path/index.js';
import { URN } from '../../src/scim/urns.js';
import { recordFigure } from './support/figures.js';
import { startLiveServer, type LiveServer } from './support/live-server.js';
import { userBody, type HttpAnswer } from './support/scim-client.js';

const MiB = 1_048_576;

/** A JSON text of exactly `bytes` bytes: `build(padding)` with the padding sized to fit. */
function exactly(bytes: number, build: (padding: string) => unknown): string {
  const bare = Buffer.byteLength(JSON.stringify(build('')));
  const text = JSON.stringify(build('x'.repeat(bytes - bare)));
  expect(Buffer.byteLength(text)).toBe(bytes);
  return text;
}

function expectError(answer: HttpAnswer, status: number, scimType?: string): void {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status,
    body: {
      schemas: [URN.error],
      status: String(status),
      ...(scimType ? { scimType } : {}),
      detail: expect.any(String),
    },
  });
}

const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const bulkOf = (operations: unknown[]) => ({ schemas: [URN.bulkRequest], Operations: operations });

describe('payloads at and just over every limit', () => {
  let server: LiveServer;
  let userId: string;
  beforeAll(async () => {
    server = await startLiveServer('sqlite');
    const created = await server.client.request('POST', '/Users', {
      body: userBody('limit-anchor'),
    });
    userId = created.body['id'] as string;
  });
  afterAll(async () => {
    await server?.close();
  });
  const send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    server.client.request(method, path, {
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });

  it('accepts a body of exactly ROSTER_BODY_LIMIT bytes and answers 413 one byte over', async () => {
    const build = (name: string) => (padding: string) => userBody(name, { displayName: padding });
    expect((await send('POST', '/Users', exactly(MiB, build('at-body-limit')))).status).toBe(201);
    expectError(await send('POST', '/Users', exactly(MiB + 1, build('over-body-limit'))), 413);
  });

  it('accepts a Bulk body of exactly maxPayloadSize bytes and answers 413 one byte over', async () => {
    const build = (name: string) => (padding: string) =>
      bulkOf([
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'a',
          data: userBody(name, { displayName: padding }),
        },
      ]);
    expect((await send('POST', '/Bulk', exactly(MiB, build('at-bulk-limit')))).status).toBe(200);
    expectError(await send('POST', '/Bulk', exactly(MiB + 1, build('over-bulk-limit'))), 413);
  });

  it('runs maxOperations Bulk operations and refuses one more with 413', async () => {
    const operations = (count: number, prefix: string) =>
      Array.from({ length: count }, (_, i) => ({
        method: 'POST',
        path: '/Users',
        bulkId: `u${i}`,
        data: userBody(`${prefix}-${i}`),
      }));
    const at = await send('POST', '/Bulk', bulkOf(operations(1000, 'at-max-ops')));
    expect(at.status).toBe(200);
    expect((at.body['Operations'] as unknown[]).length).toBe(1000);
    expectError(await send('POST', '/Bulk', bulkOf(operations(1001, 'over-max-ops'))), 413);
  });

  it(`parses a filter nested ${maxFilterDepth} deep and refuses one level more with invalidFilter`, async () => {
    const filter = (depth: number) =>
      encodeURIComponent(`${'('.repeat(depth)}userName eq "x"${')'.repeat(depth)}`);
    expect((await send('GET', `/Users?filter=${filter(maxFilterDepth)}`)).status).toBe(200);
    expectError(
      await send('GET', `/Users?filter=${filter(maxFilterDepth + 1)}`),
      400,
      'invalidFilter',
    );
    const deep = `${'('.repeat(10_000)}userName eq "x"${')'.repeat(10_000)}`;
    expectError(
      await send('POST', '/Users/.search', { schemas: [URN.searchRequest], filter: deep }),
      400,
      'invalidFilter',
    );
  });

  it(`parses a filter of ${maxFilterTerms} terms and refuses one more with invalidFilter`, async () => {
    const filter = (terms: number) =>
      Array.from({ length: terms }, (_, i) => `userName eq "t${i}"`).join(' or ');
    const search = (terms: number) =>
      send('POST', '/Users/.search', { schemas: [URN.searchRequest], filter: filter(terms) });
    expect((await search(maxFilterTerms)).status).toBe(200);
    expectError(await search(maxFilterTerms + 1), 400, 'invalidFilter');
  });

  it('refuses 10,000-deep JSON in a resource, a PATCH value and Bulk data with a 400 SCIM error', async () => {
    const deep = nestedArray(10_000);
    const answers = [
      await send('POST', '/Users', `{"userName":"deep","displayName":${deep}}`),
      await send('POST', '/Users', deep),
      await send(
        'PATCH',
        `/Users/${userId}`,
        `{"schemas":["${URN.patchOp}"],"Operations":[{"op":"add","path":"title","value":${deep}}]}`,
      ),
      await send(
        'POST',
        '/Bulk',
        `{"schemas":["${URN.bulkRequest}"],"Operations":[{"method":"POST","path":"/Users","bulkId":"d","data":${deep}}]}`,
      ),
    ];
    for (const answer of answers) expectError(answer, 400, 'invalidSyntax');
    const user = await send('GET', `/Users/${userId}`);
    expect(user.body['title']).toBeUndefined();
  });

  it('refuses Bulk data nested deeper than 32 levels with invalidSyntax', async () => {
    const data = (depth: number) => {
      let value: unknown = 'leaf';
      for (let i = 1; i < depth; i++) value = { a: value };
      return { userName: 'nested-bulk', x: value };
    };
    const answer = (depth: number) =>
      send(
        'POST',
        '/Bulk',
        bulkOf([{ method: 'POST', path: '/Users', bulkId: 'n', data: data(depth) }]),
      );
    const over = await answer(33);
    expectError(over, 400, 'invalidSyntax');
    const at = await answer(31);
    expect(at.status).toBe(200);
  });

  it('answers a header block over 16 KiB with 431 and keeps serving', async () => {
    const url = new URL(server.client.url);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: '/healthz',
          headers: { 'x-padding': 'x'.repeat(17_000) },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(431);
    expect((await send('GET', `/Users/${userId}`)).status).toBe(200);
  });
});

/** Streams `totalBytes` of a JSON-looking body; resolves with the status and bytes sent before the answer. */
function streamBody(
  url: string,
  path: string,
  token: string,
  totalBytes: number,
): Promise<{ status: number; sentBytes: number; body: string }> {
  const chunk = Buffer.alloc(MiB, 0x61);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = httpRequest(`${url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/scim+json',
        'transfer-encoding': 'chunked',
      },
    });
    request.on('response', (response) => {
      answered = true;
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => (body += text));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, sentBytes: sent, body });
        request.destroy();
      });
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.write('{"userName":"');
    const pump = () => {
      while (!answered && sent < totalBytes) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', pump);
          return;
        }
      }
      if (!answered) request.end('"}');
    };
    pump();
  });
}

describe('a 100 MB body', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer('sqlite');
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(['/Users', '/Bulk'])(
    'is refused with 413 on %s while it streams, and memory stays flat',
    async (path) => {
      const token = await server.testApp.token();
      const base = `${server.client.url}/api/v1/tenants/acme/scim/v2`;
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const result = await streamBody(base, path, token, 100 * MiB);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body)).toMatchObject({ schemas: [URN.error], status: '413' });
      expect(result.sentBytes).toBeLessThan(100 * MiB);
      const growthMiB = (peak - rssBefore) / MiB;
      recordFigure({
        scenario: `100 MB streamed body to ${path}`,
        database: 'sqlite',
        requestsTried: 1,
        faultsInjected: 0,
        writesAcknowledged: 0,
        writesFound: 0,
        note: `413 after ${(result.sentBytes / MiB).toFixed(0)} MiB sent; RSS grew ${growthMiB.toFixed(1)} MiB`,
      });
      expect(growthMiB).toBeLessThan(64);
    },
  );
});
