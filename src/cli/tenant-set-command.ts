import type { Command } from 'commander';
import { BULK_LIMIT_RANGES, type TenantSettings } from '../provisioning/index.js';
import { configFrom } from './config-from-options.js';
import { withStore } from './with-store.js';

interface SetOptions {
  bulkMaxOperations?: string;
  bulkMaxPayloadSize?: string;
}

/** `default` clears the override; otherwise a whole number within `range`. */
function parseLimit(
  text: string | undefined,
  option: string,
  range: { min: number; max: number },
  current: number | null,
): number | null {
  if (text === undefined) return current;
  if (text.trim().toLowerCase() === 'default') return null;
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new Error(
      `${option} must be a whole number between ${range.min} and ${range.max}, or "default"; got "${text}"`,
    );
  }
  return value;
}

const shown = (value: number | null) => (value === null ? 'default' : String(value));

/** `roster tenant set <tenantId>`: a tenant's own Bulk limits, advertised in its ServiceProviderConfig. */
export function registerTenantSetCommand(tenant: Command): void {
  tenant
    .command('set <tenantId>')
    .description("override deployment settings for one tenant ('default' removes an override)")
    .option('--bulk-max-operations <n>', 'Bulk maxOperations for this tenant')
    .option('--bulk-max-payload-size <bytes>', 'Bulk maxPayloadSize for this tenant, in bytes')
    .action(async (tenantId: string, options: SetOptions, command: Command) => {
      if (options.bulkMaxOperations === undefined && options.bulkMaxPayloadSize === undefined) {
        throw new Error(
          'nothing to set: give --bulk-max-operations and/or --bulk-max-payload-size',
        );
      }
      await withStore(configFrom(command), async (store) => {
        const current = await store.getTenantSettings(tenantId);
        const settings: TenantSettings = {
          bulkMaxOperations: parseLimit(
            options.bulkMaxOperations,
            '--bulk-max-operations',
            BULK_LIMIT_RANGES.maxOperations,
            current.bulkMaxOperations,
          ),
          bulkMaxPayloadSize: parseLimit(
            options.bulkMaxPayloadSize,
            '--bulk-max-payload-size',
            BULK_LIMIT_RANGES.maxPayloadSize,
            current.bulkMaxPayloadSize,
          ),
        };
        if (!(await store.setTenantSettings(tenantId, settings))) {
          throw new Error(`tenant "${tenantId}" not found`);
        }
        process.stdout.write(
          `tenant ${tenantId}: bulk max operations ${shown(settings.bulkMaxOperations)}, bulk max payload size ${shown(settings.bulkMaxPayloadSize)}\n`,
        );
      });
    });
}
