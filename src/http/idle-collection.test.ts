import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectWhenIdle, v8YoungGeneration, type YoungGeneration } from './idle-collection.js';

/** A young generation that records collections and reports the fill level it is given. */
function fakeYoung(used: number, capacity = 16 * 1024 * 1024) {
  const young = { used, collections: 0 };
  const generation: YoungGeneration = {
    usage: () => ({ used: young.used, capacity }),
    collect: () => {
      young.collections += 1;
      young.used = 0;
    },
  };
  return { young, generation };
}

const servers: Server[] = [];

async function serve(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Lets pending immediates and socket events run, so that a collection that would happen has. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('collectWhenIdle', () => {
  it('collects once the last response is done and the young generation is a quarter full', async () => {
    const { server, url } = await serve((_request, response) => response.end('ok'));
    const { young, generation } = fakeYoung(5 * 1024 * 1024);
    collectWhenIdle(server, generation);
    expect(await (await fetch(url)).text()).toBe('ok');
    await vi.waitFor(() => expect(young.collections).toBe(1));
    young.used = 6 * 1024 * 1024;
    await (await fetch(url)).text();
    await vi.waitFor(() => expect(young.collections).toBe(2));
  });

  it('waits while another request is still being answered', async () => {
    let release: (() => void) | undefined;
    const { server, url } = await serve((request, response) => {
      if (request.url === '/slow') release = () => response.end('slow');
      else response.end('fast');
    });
    const { young, generation } = fakeYoung(8 * 1024 * 1024);
    collectWhenIdle(server, generation);
    const slow = fetch(`${url}/slow`);
    await vi.waitFor(() => expect(release).toBeDefined());
    await (await fetch(`${url}/fast`)).text();
    await settle();
    expect(young.collections).toBe(0);
    release?.();
    expect(await (await slow).text()).toBe('slow');
    await vi.waitFor(() => expect(young.collections).toBe(1));
  });

  it('waits for the server to stay idle for the whole delay, starting over at each request', async () => {
    const { server, url } = await serve((_request, response) => response.end('ok'));
    const { young, generation } = fakeYoung(8 * 1024 * 1024);
    collectWhenIdle(server, generation, 300);
    await (await fetch(url)).text();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await (await fetch(url)).text();
    // 370 ms after the first answer: past its delay, not yet past the second's.
    await new Promise((resolve) => setTimeout(resolve, 220));
    expect(young.collections).toBe(0);
    await vi.waitFor(() => expect(young.collections).toBe(1), { timeout: 2000 });
  });

  it('counts a request whose client went away as finished', async () => {
    const { server, url } = await serve(() => undefined);
    const { young, generation } = fakeYoung(8 * 1024 * 1024);
    collectWhenIdle(server, generation);
    const aborted = new AbortController();
    const request = fetch(url, { signal: aborted.signal }).catch(() => 'aborted');
    await settle();
    expect(young.collections).toBe(0);
    aborted.abort();
    expect(await request).toBe('aborted');
    await vi.waitFor(() => expect(young.collections).toBe(1));
  });

  it('leaves a young generation under a quarter full alone', async () => {
    const { server, url } = await serve((_request, response) => response.end('ok'));
    const { young, generation } = fakeYoung(3 * 1024 * 1024);
    collectWhenIdle(server, generation);
    await (await fetch(url)).text();
    await settle();
    expect(young.collections).toBe(0);
  });

  it('stops collecting once stopped', async () => {
    const { server, url } = await serve((_request, response) => response.end('ok'));
    const { young, generation } = fakeYoung(8 * 1024 * 1024);
    const stop = collectWhenIdle(server, generation);
    stop();
    await (await fetch(url)).text();
    await settle();
    expect(young.collections).toBe(0);
  });
});

describe('v8YoungGeneration', () => {
  it('runs a real young-generation collection without exposing gc globally', async () => {
    const hadGlobalGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
    const young = v8YoungGeneration();
    expect(young).toBeDefined();
    if (young === undefined) return;
    const before = young.usage();
    expect(before.capacity).toBeGreaterThan(0);
    expect(before.used).toBeLessThanOrEqual(before.capacity);

    const kinds: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        detail?: { kind?: number };
      })[])
        kinds.push(entry.detail?.kind ?? -1);
    });
    observer.observe({ entryTypes: ['gc'] });
    try {
      // Garbage to collect.
      let junk: unknown[] = [];
      for (let i = 0; i < 50_000; i++) junk.push({ i });
      junk = [];
      young.collect();
      await vi.waitFor(() => expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MINOR));
      expect(kinds).not.toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
      expect(junk).toHaveLength(0);
    } finally {
      observer.disconnect();
    }
    expect(typeof (globalThis as { gc?: unknown }).gc === 'function').toBe(hadGlobalGc);
  });
});
