import { Pool } from 'undici';

export interface ScimReply {
  status: number;
  body: unknown;
  ms: number;
}

/** The outcome of a request that did not complete: a timeout or a refused connection. */
export class RequestFailure extends Error {}

/** A keep-alive HTTP client for one SCIM base URL, shared by every scenario against it. */
export class ScimClient {
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #token: string;

  constructor(baseUrl: string, token: string, connections = 16) {
    const url = new URL(baseUrl);
    this.#pool = new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
    this.#basePath = url.pathname.replace(/\/$/, '');
    this.#token = token;
  }

  /**
   * Sends one request and returns status, parsed body and wall time; throws RequestFailure on
   * timeout. The time runs from sending the serialized body to receiving the whole answer: the
   * client's own JSON work (stringifying a 1,000-operation Bulk, parsing the answer) is left out.
   */
  async send(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<ScimReply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const start = performance.now();
    try {
      const response = await this.#pool.request({
        method: method as 'GET',
        path: this.#basePath + path,
        headers: {
          authorization: `Bearer ${this.#token}`,
          accept: 'application/scim+json',
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        },
        body: payload,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await response.body.text();
      const ms = performance.now() - start;
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // keep the raw text: a non-JSON answer is itself a result worth reporting
      }
      return { status: response.statusCode, body: parsed, ms };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new RequestFailure(
        `${method} ${path}: ${message} after ${Math.round(performance.now() - start)} ms`,
      );
    }
  }

  /** Sends a request and throws unless the status is the expected one. */
  async expect(
    status: number | number[],
    method: string,
    path: string,
    body?: unknown,
    timeoutMs?: number,
  ): Promise<ScimReply> {
    const reply = await this.send(method, path, body, timeoutMs);
    if (!(Array.isArray(status) ? status : [status]).includes(reply.status)) {
      const detail =
        typeof reply.body === 'object' && reply.body !== null
          ? (reply.body as { detail?: unknown }).detail
          : reply.body;
      throw new RequestFailure(
        `${method} ${path}: expected ${String(status)}, got ${reply.status} ${String(detail ?? '').slice(0, 160)}`,
      );
    }
    return reply;
  }

  /** Closes every connection (aborting requests still in flight). */
  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}
