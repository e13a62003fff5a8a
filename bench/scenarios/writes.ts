import { measure, timeEach, type Phase } from '../lib/measured.js';
import { userResource } from '../lib/payloads.js';
import { summarise } from '../lib/stats.js';

/** Scenario 1: sequential POST /Users latency and POST /Users throughput over 16 connections. */
export const writesPhase: Phase = async (instance, config, out = {}) => {
  const { client } = instance;
  await measure(out, ['post.seq.p50', 'post.seq.p99'], async () => {
    await client.expect(201, 'POST', '/Users', userResource('warm', 0));
    const samples = await timeEach(config.sequentialPosts, (i) =>
      client.expect(201, 'POST', '/Users', userResource('seq', i)),
    );
    const { p50, p99 } = summarise(samples);
    return { 'post.seq.p50': p50, 'post.seq.p99': p99 };
  });
  await measure(out, ['post.c16.rps'], async () => {
    const deadline = performance.now() + config.concurrentSeconds * 1000;
    let next = 0;
    let done = 0;
    const start = performance.now();
    const worker = async (): Promise<void> => {
      while (performance.now() < deadline) {
        await client.expect(201, 'POST', '/Users', userResource('c16', next++));
        done++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return { 'post.c16.rps': done / ((performance.now() - start) / 1000) };
  });
  return out;
};
