import type { AuthenticatorOptions, KeyRing } from '../auth/index.js';
import type { RosterConfig } from '../config/index.js';
import type { PasswordHasher, Store } from '../provisioning/index.js';
import type { SchemaRegistry } from '../scim/schema/index.js';

/** What the HTTP layer is built from (wired in server.ts). */
export interface AppDeps {
  readonly store: Store;
  readonly keys: KeyRing;
  readonly registry: SchemaRegistry;
  readonly config: Pick<
    RosterConfig,
    | 'publicUrl'
    | 'bulk'
    | 'bodyLimit'
    | 'filterMaxResults'
    | 'logLevel'
    | 'operations'
    | 'rateLimit'
    | 'accessTokenTtlSeconds'
  >;
  readonly hashPassword: PasswordHasher;
  /** Token verification tuning (tests shorten the JWKS cooldown and revocation refresh). */
  readonly auth?: AuthenticatorOptions;
  /** A pino logger instance or `false`; defaults to the configured level. */
  readonly logger?: unknown;
}
