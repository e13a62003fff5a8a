import type { KeyRing } from '../auth/index.js';
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
    'publicUrl' | 'bulk' | 'bodyLimit' | 'filterMaxResults' | 'logLevel'
  >;
  readonly hashPassword: PasswordHasher;
  /** A pino logger instance or `false`; defaults to the configured level. */
  readonly logger?: unknown;
}
