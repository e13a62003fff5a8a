/**
 * Preloaded into a `roster serve` child (`--expose-gc --import heap-probe.ts`) by soak runs: on
 * SIGUSR2 it runs a full collection and writes `heap-after-gc <bytes>` to stderr. The heap
 * measured right after a full collection is what the process retains; heap figures taken between
 * collections swing by tens of MiB with the collector's schedule and cannot show a slow leak.
 */
process.on('SIGUSR2', () => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) {
    process.stderr.write('heap-after-gc unavailable (start node with --expose-gc)\n');
    return;
  }
  collect();
  process.stderr.write(`heap-after-gc ${process.memoryUsage().heapUsed}\n`);
});
