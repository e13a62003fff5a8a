import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const flagsOf = (command: string) => command.split(/\s+/).filter((word) => word.startsWith('--'));

describe('the Node.js flags Roster runs with', () => {
  const shebang = readFileSync(new URL('src/cli/main.ts', root), 'utf8').split('\n', 1)[0] ?? '';
  const start = (
    JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      scripts: { start: string };
    }
  ).scripts.start;

  it('are the same for the roster command and for npm start', () => {
    expect(shebang).toMatch(/^#!\/usr\/bin\/env -S node /);
    const flags = flagsOf(shebang);
    expect(flags).toContain('--max-old-space-size=1024');
    const startServe = start.slice(start.lastIndexOf('&&') + 2);
    expect(flagsOf(startServe)).toEqual(flags);
  });

  it('cap the old generation at 1 GiB', () => {
    const limitMb = Number(
      execFileSync(
        process.execPath,
        [
          ...flagsOf(shebang),
          '-e',
          'process.stdout.write(String(require("node:v8").getHeapStatistics().heap_size_limit / 2 ** 20))',
        ],
        { encoding: 'utf8' },
      ),
    );
    // The old generation plus the young generation's semi-spaces.
    expect(limitMb).toBeGreaterThanOrEqual(1024);
    expect(limitMb).toBeLessThan(1200);
  });
});
