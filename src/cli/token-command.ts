import type { Command } from 'commander';
import { createKeyRing, issueRecordedToken, parseScopes } from '../auth/index.js';
import { configFrom } from './config-from-options.js';
import { withStore } from './with-store.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Parses a duration such as `90s`, `15m`, `1h`, `30d` (a bare number is seconds). */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match?.[1]) throw new Error(`invalid duration "${text}": use e.g. 90s, 15m, 1h or 30d`);
  const seconds = Number(match[1]) * (UNITS[match[2] || 's'] ?? 1);
  if (seconds <= 0) throw new Error(`duration must be positive, got "${text}"`);
  return seconds;
}

/** `roster token issue`: prints a bearer JWT for a tenant, and nothing else, on stdout. */
export function registerTokenCommand(program: Command): void {
  const token = program.command('token').description('issue and revoke bearer tokens');
  token
    .command('issue')
    .description('issue a bearer token (JWT) for a tenant; prints only the token')
    .requiredOption('--tenant <tenantId>', 'tenant the token is bound to')
    .option('--scope <scopes>', 'space-separated scopes', 'scim:read scim:write')
    .option('--ttl <duration>', 'lifetime, e.g. 1h, 30d', '24h')
    .action(async (options: { tenant: string; scope: string; ttl: string }, command: Command) => {
      const scopes = parseScopes(options.scope);
      if (scopes.length === 0) throw new Error('--scope must name at least one scope');
      const ttlSeconds = parseDuration(options.ttl);
      await withStore(configFrom(command), async (store) => {
        if (!(await store.getTenant(options.tenant)))
          throw new Error(`tenant "${options.tenant}" not found`);
        const { token: jwt, tokenId } = await issueRecordedToken(createKeyRing(store), store.auth, {
          tenantId: options.tenant,
          scopes,
          ttlSeconds,
        });
        process.stdout.write(`${jwt}\n`);
        process.stderr.write(
          `token id (jti): ${tokenId}; revoke with: roster token revoke ${tokenId}\n`,
        );
      });
    });
  token
    .command('revoke <jti>')
    .description(
      'revoke a token by its id (jti): every server on this database rejects it within a second',
    )
    .action(async (jti: string, _options: unknown, command: Command) => {
      if (jti.trim() === '') throw new Error('the token id must not be empty');
      await withStore(configFrom(command), async (store) => {
        if (!(await store.auth.revokeToken(jti, new Date().toISOString())))
          throw new Error(`token ${jti} is already revoked`);
        process.stdout.write(`revoked token ${jti}\n`);
      });
    });
}
