import type { Command } from 'commander';
import { configFrom } from './config-from-options.js';
import { withStore } from './with-store.js';

function httpUrl(text: string, option: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
  } catch {
    // reported below
  }
  throw new Error(`${option} must be an http(s) URL, got "${text}"`);
}

/** `roster tenant issuer set|show|remove`: a tenant's own identity provider whose JWTs Roster accepts. */
export function registerTenantIssuerCommand(tenant: Command): void {
  const issuer = tenant
    .command('issuer')
    .description("accept JWTs from a tenant's own identity provider (JWKS-verified)");
  issuer
    .command('set <tenantId>')
    .description("set (or replace) the tenant's external issuer")
    .requiredOption('--issuer <iss>', 'the exact "iss" claim of its tokens')
    .requiredOption('--audience <aud>', 'the "aud" its tokens must carry')
    .requiredOption('--jwks-url <url>', 'where its public keys are published (JWKS)')
    .option('--scope-claim <claim>', 'the claim that carries the scopes', 'scope')
    .action(
      async (
        tenantId: string,
        options: { issuer: string; audience: string; jwksUrl: string; scopeClaim: string },
        command: Command,
      ) => {
        const jwksUrl = httpUrl(options.jwksUrl, '--jwks-url');
        if (options.scopeClaim.trim() === '') throw new Error('--scope-claim must not be empty');
        await withStore(configFrom(command), async (store) => {
          if (!(await store.getTenant(tenantId))) throw new Error(`tenant "${tenantId}" not found`);
          await store.auth.setExternalIssuer({
            tenantId,
            issuer: options.issuer,
            audience: options.audience,
            jwksUrl,
            scopeClaim: options.scopeClaim,
            created: new Date().toISOString(),
          });
          process.stdout.write(`tenant ${tenantId} accepts tokens from ${options.issuer}\n`);
        });
      },
    );
  issuer
    .command('show <tenantId>')
    .description("print the tenant's external issuer")
    .action(async (tenantId: string, _options: unknown, command: Command) => {
      await withStore(configFrom(command), async (store) => {
        const found = await store.auth.getExternalIssuer(tenantId);
        if (!found) throw new Error(`tenant "${tenantId}" has no external issuer`);
        process.stdout.write(
          `issuer=${found.issuer}\naudience=${found.audience}\njwks_url=${found.jwksUrl}\nscope_claim=${found.scopeClaim}\n`,
        );
      });
    });
  issuer
    .command('remove <tenantId>')
    .description("stop accepting the tenant's external issuer")
    .action(async (tenantId: string, _options: unknown, command: Command) => {
      await withStore(configFrom(command), async (store) => {
        if (!(await store.auth.deleteExternalIssuer(tenantId)))
          throw new Error(`tenant "${tenantId}" has no external issuer`);
        process.stdout.write(`removed the external issuer of tenant ${tenantId}\n`);
      });
    });
}
