import type { Command } from 'commander';
import { configFrom } from './config-from-options.js';
import { registerTenantIssuerCommand } from './tenant-issuer-command.js';
import { registerTenantSetCommand } from './tenant-set-command.js';
import { withStore } from './with-store.js';

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Checks a tenant id: 1–64 letters, digits, dot, dash or underscore. */
export function validateTenantId(id: string): string {
  if (!TENANT_ID.test(id)) {
    throw new Error(
      `invalid tenant id "${id}": use 1-64 letters, digits, ".", "-" or "_", starting with a letter or digit`,
    );
  }
  return id;
}

/** `roster tenant create|list|delete`. */
export function registerTenantCommand(program: Command): void {
  const tenant = program.command('tenant').description('manage tenants');
  registerTenantIssuerCommand(tenant);
  registerTenantSetCommand(tenant);
  tenant
    .command('create <tenantId>')
    .description('create a tenant')
    .action(async (tenantId: string, _options: unknown, command: Command) => {
      validateTenantId(tenantId);
      await withStore(configFrom(command), async (store) => {
        if (await store.getTenant(tenantId)) throw new Error(`tenant "${tenantId}" already exists`);
        await store.createTenant(tenantId, new Date().toISOString());
        process.stdout.write(`created tenant ${tenantId}\n`);
      });
    });
  tenant
    .command('list')
    .description('list tenants')
    .action(async (_options: unknown, command: Command) => {
      await withStore(configFrom(command), async (store) => {
        for (const t of await store.listTenants()) process.stdout.write(`${t.id}\t${t.created}\n`);
      });
    });
  tenant
    .command('delete <tenantId>')
    .description('delete a tenant and all its users and groups')
    .action(async (tenantId: string, _options: unknown, command: Command) => {
      await withStore(configFrom(command), async (store) => {
        if (!(await store.deleteTenant(tenantId)))
          throw new Error(`tenant "${tenantId}" not found`);
        process.stdout.write(`deleted tenant ${tenantId}\n`);
      });
    });
}
