import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repository = fileURLToPath(new URL('../../../', import.meta.url));

/** A `roster serve` child process on an ephemeral port. */
export interface RosterProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything the process wrote to stderr (its log). */
  readonly log: () => string;
  /** SIGKILL: no shutdown hook runs, open transactions die with the process. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /**
   * The V8 heap in bytes right after a full collection; needs `{ heapProbe: true }` at start.
   */
  retainedHeap(): Promise<number>;
}

export interface RosterProcessOptions {
  /** Preload `heap-probe.ts` so that `retainedHeap()` works (adds `--expose-gc`). */
  readonly heapProbe?: boolean;
}

const heapProbe = fileURLToPath(new URL('./heap-probe.ts', import.meta.url));

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts `roster serve --port 0` from the sources (tsx) over `databaseUrl` and waits until it
 * prints where it listens.
 */
export async function startRosterProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: RosterProcessOptions = {},
): Promise<RosterProcess> {
  const probe = options.heapProbe ? ['--expose-gc', '--import', heapProbe] : [];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...probe, 'src/cli/main.ts', 'serve', '--port', '0', '--no-migrate'],
    {
      cwd: repository,
      env: {
        ...process.env,
        ROSTER_DATABASE_URL: databaseUrl,
        ROSTER_LOG_LEVEL: 'warn',
        ROSTER_RATE_LIMIT_PER_MINUTE: '0',
        ROSTER_TENANT_RATE_LIMIT_PER_MINUTE: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  const heapWaiters: ((bytes: number) => void)[] = [];
  let stderrLine = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr += text;
    if (!options.heapProbe) return;
    const lines = (stderrLine + text).split('\n');
    stderrLine = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^heap-after-gc (\d+)$/.exec(line);
      if (match?.[1]) heapWaiters.shift()?.(Number(match[1]));
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`roster serve did not start:\n${stderr}`)),
      60_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`roster serve exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    pid: child.pid ?? 0,
    log: () => stderr,
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
    retainedHeap() {
      if (!options.heapProbe) {
        return Promise.reject(new Error('retainedHeap needs the process started with heapProbe'));
      }
      return new Promise<number>((resolve, reject) => {
        const waiter = (bytes: number) => {
          clearTimeout(timer);
          resolve(bytes);
        };
        // A waiter that gave up leaves the queue, so a late answer is not taken for the next one.
        const timer = setTimeout(() => {
          heapWaiters.splice(heapWaiters.indexOf(waiter), 1);
          reject(new Error('no heap-after-gc answer in 30 s'));
        }, 30_000);
        heapWaiters.push(waiter);
        child.kill('SIGUSR2');
      });
    },
  };
}
