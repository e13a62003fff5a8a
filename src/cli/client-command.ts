import type { Command } from 'commander';
import { createOAuthClient, parseScopes } from '../auth/index.js';
import { configFrom } from './config-from-options.js';
import { withStore } from './with-store.js';

/** `roster client create|list|revoke`: OAuth clients for the client credentials grant. */
export function registerClientCommand(program: Command): void {
  const client = program
    .command('client')
    .description('manage OAuth clients (client credentials grant at POST /api/v1/oauth/token)');
  client
    .command('create')
    .description('create a client; prints its client_id and client_secret (shown only once)')
    .requiredOption('--tenant <tenantId>', 'tenant the client belongs to')
    .option('--scope <scopes>', 'space-separated scopes it may be granted', 'scim:read scim:write')
    .option('--name <name>', 'a label, e.g. the identity provider')
    .action(async (options: { tenant: string; scope: string; name?: string }, command: Command) => {
      const scopes = parseScopes(options.scope);
      if (scopes.length === 0) throw new Error('--scope must name at least one scope');
      await withStore(configFrom(command), async (store) => {
        if (!(await store.getTenant(options.tenant)))
          throw new Error(`tenant "${options.tenant}" not found`);
        const { record, clientSecret } = await createOAuthClient(store.auth, {
          tenantId: options.tenant,
          scopes,
          ...(options.name !== undefined ? { name: options.name } : {}),
        });
        process.stdout.write(
          `client_id=${record.clientId}\nclient_secret=${clientSecret}\nscope=${record.scope}\n`,
        );
        process.stderr.write('Store the secret now: Roster keeps only its hash.\n');
      });
    });
  client
    .command('list')
    .description('list clients (never their secrets)')
    .option('--tenant <tenantId>', 'only this tenant')
    .action(async (options: { tenant?: string }, command: Command) => {
      await withStore(configFrom(command), async (store) => {
        for (const c of await store.auth.listClients(options.tenant)) {
          const state = c.revoked ? `revoked ${c.revoked}` : 'active';
          process.stdout.write(
            `${c.clientId}\t${c.tenantId}\t${c.scope}\t${state}\t${c.name ?? ''}\n`,
          );
        }
      });
    });
  client
    .command('revoke <clientId>')
    .description('revoke a client and every token issued to it, at once')
    .action(async (clientId: string, _options: unknown, command: Command) => {
      await withStore(configFrom(command), async (store) => {
        if (!(await store.auth.revokeClient(clientId, new Date().toISOString())))
          throw new Error(`client "${clientId}" not found or already revoked`);
        process.stdout.write(`revoked client ${clientId}\n`);
      });
    });
}
