import { LIMIT_LABELS, SCENARIOS, type Metric } from './catalogue.js';
import type { Measured } from './measured.js';
import type { SystemName } from './systems.js';
import type { TargetResult } from './targets.js';

/** Formats a figure with about three significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

function limitKey(metric: Metric, system: SystemName): string | undefined {
  return metric.limit?.[system] ?? metric.limit?.default;
}

function cell(
  metric: Metric,
  system: SystemName,
  own: Measured,
  peer: Measured,
  limits: Measured,
): string {
  const value = own[metric.key];
  if (value === undefined) return '–';
  if (typeof value === 'string') return value.replace(/\|/g, '/');
  const parts: string[] = [];
  const peerValue = peer[metric.key];
  if (
    system !== 'peer' &&
    typeof peerValue === 'number' &&
    metric.better !== 'text' &&
    metric.compare !== false
  ) {
    parts.push(
      `${formatNumber(metric.better === 'higher' ? value / peerValue : peerValue / value)}× peer`,
    );
  }
  const key = limitKey(metric, system);
  const paired = metric.pairedLimit ? own[metric.pairedLimit] : undefined;
  const limit = typeof paired === 'number' ? paired : key ? limits[key] : undefined;
  if (typeof limit === 'number') {
    parts.push(
      `${formatNumber(100 * (metric.better === 'higher' ? value / limit : limit / value))}% of limit`,
    );
  }
  return parts.length ? `${formatNumber(value)} (${parts.join(', ')})` : formatNumber(value);
}

/** Renders one markdown table per scenario: each system's figure, its ratio to the peer, its fraction of the limit. */
export function renderTables(
  systems: SystemName[],
  results: Partial<Record<SystemName, Measured>>,
  limits: Measured,
): string {
  const lines: string[] = [];
  const peer = results.peer ?? {};
  for (const scenario of SCENARIOS) {
    lines.push(`### ${scenario.title}`, '');
    lines.push(`| metric | ${systems.join(' | ')} | physical limit |`);
    lines.push(`|---|${systems.map(() => '---').join('|')}|---|`);
    for (const metric of scenario.metrics) {
      const key = limitKey(metric, 'roster-sqlite');
      const limit = key ? limits[key] : undefined;
      const limitText =
        limit === undefined
          ? ''
          : `${typeof limit === 'number' ? formatNumber(limit) : limit} (${LIMIT_LABELS[key ?? ''] ?? key})`;
      const cells = systems.map((system) =>
        cell(metric, system, results[system] ?? {}, peer, limits),
      );
      lines.push(
        `| ${metric.label}${metric.unit ? ` (${metric.unit})` : ''} | ${cells.join(' | ')} | ${limitText} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Renders the physical limits measured in this run. */
export function renderLimits(limits: Measured): string {
  const lines = ['### Physical limits on this machine', '', '| limit | value |', '|---|---|'];
  for (const [key, value] of Object.entries(limits)) {
    lines.push(`| ${key} | ${typeof value === 'number' ? formatNumber(value) : value} |`);
  }
  return lines.join('\n') + '\n';
}

/** Renders the targets table with met / missed for each Roster system. */
export function renderTargets(targets: TargetResult[]): string {
  const lines = ['### Targets', '', '| target | system | measured | result |', '|---|---|---|---|'];
  for (const t of targets) {
    const result = t.met === undefined ? 'not measured' : t.met ? 'met' : 'MISSED';
    lines.push(`| ${t.target} | ${t.system} | ${t.measured.replace(/\|/g, '/')} | ${result} |`);
  }
  return lines.join('\n') + '\n';
}
