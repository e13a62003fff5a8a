// `node --import tsx bench/profile-summary.ts <file.cpuprofile.json> [top]`: self time by function, hottest first.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary <file.cpuprofile.json> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
const selfHits = new Map<string, number>();
let total = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  total += hits;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/');
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  selfHits.set(key, (selfHits.get(key) ?? 0) + hits);
}
const idle = [...selfHits]
  .filter(([key]) => key.startsWith('(idle)'))
  .reduce((sum, [, hits]) => sum + hits, 0);
const busy = total - idle;
process.stdout.write(`busy samples: ${busy} of ${total}\n`);
for (const [key, hits] of [...selfHits]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(topArg ?? 25))) {
  process.stdout.write(`${((100 * hits) / busy).toFixed(1).padStart(5)}%  ${key}\n`);
}
