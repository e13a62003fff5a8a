import type { SchemaRegistry } from '../scim/schema/index.js';
import type { TenantStore } from './ports.js';

/** Turns a password into the value stored in its place (a slow salted hash). */
export type PasswordHasher = (password: string) => Promise<string>;

/** Everything a use-case needs for one tenant: its store handle, the schema model and its base URL. */
export interface TenantContext {
  readonly store: TenantStore;
  readonly registry: SchemaRegistry;
  /** The tenant's SCIM base URL, e.g. http://127.0.0.1:8080/api/v1/tenants/acme/scim/v2 */
  readonly baseUrl: string;
  readonly hashPassword: PasswordHasher;
  readonly now: () => Date;
}

/** The same context bound to another store handle (a transaction). */
export function withStore(ctx: TenantContext, store: TenantStore): TenantContext {
  return { ...ctx, store };
}
