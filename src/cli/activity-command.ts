import type { Command } from 'commander';
import {
  nextActivityCursor,
  parseActivityQuery,
  type ActivityRecord,
} from '../provisioning/index.js';
import { configFrom } from './config-from-options.js';
import { withStore } from './with-store.js';

/** One activity entry as a single readable line. */
export function formatActivityLine(record: ActivityRecord): string {
  const parts = [
    record.time,
    record.method.padEnd(6),
    `${record.resourceType}${record.resourceId ? ` ${record.resourceId}` : ''}`,
    String(record.status),
    `client=${record.clientId ?? '-'}`,
    `request=${record.requestId}`,
  ];
  if (record.operationIndex !== null) {
    parts.push(
      `operation=${record.operationIndex}${record.bulkId !== null ? ` bulkId=${record.bulkId}` : ''}`,
    );
  }
  if (record.versionBefore !== null || record.versionAfter !== null) {
    parts.push(`version ${record.versionBefore ?? '-'} -> ${record.versionAfter ?? '-'}`);
  }
  if (record.normalisers.length > 0) parts.push(`normalised=${record.normalisers.join(',')}`);
  return parts.join('  ');
}

interface ActivityOptions {
  tenant: string;
  since?: string;
  until?: string;
  resource?: string;
  status?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
}

/** `roster activity`: what clients wrote to a tenant, newest first. */
export function registerActivityCommand(program: Command): void {
  program
    .command('activity')
    .description('show the provisioning activity log of a tenant, newest first')
    .requiredOption('--tenant <tenantId>', 'tenant to show')
    .option(
      '--since <time>',
      'only entries since a time (ISO 8601) or a duration ago (15m, 1h, 7d)',
    )
    .option('--until <time>', 'only entries before a time or a duration ago')
    .option('--resource <id>', 'only entries about this resource id')
    .option('--status <status>', 'only this status (404) or class (4xx)')
    .option('--limit <n>', 'entries per page (1-500)', '50')
    .option('--cursor <cursor>', 'continue from a previous page')
    .option('--json', 'print one JSON object per line')
    .action(async (options: ActivityOptions, command: Command) => {
      await withStore(configFrom(command), async (store) => {
        if (!(await store.getTenant(options.tenant)))
          throw new Error(`tenant "${options.tenant}" not found`);
        const page = await store.listActivity(
          parseActivityQuery(options.tenant, options, new Date()),
        );
        for (const record of page.entries) {
          process.stdout.write(
            `${options.json ? JSON.stringify(record) : formatActivityLine(record)}\n`,
          );
        }
        const next = nextActivityCursor(page);
        if (next !== null) process.stderr.write(`more entries: --cursor ${next}\n`);
      });
    });
}
