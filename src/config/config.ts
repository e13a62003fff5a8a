/** Runtime configuration, read from the environment and overridden by command-line flags. */
export interface RosterConfig {
  databaseUrl: string;
  host: string;
  port: number;
  /** Base URL clients reach Roster at (used for meta.location); defaults to http://host:port. */
  publicUrl: string | undefined;
  logLevel: LogLevel;
  bulk: { maxOperations: number; maxPayloadSize: number };
  /** Largest request body outside Bulk, in bytes. */
  bodyLimit: number;
  filterMaxResults: number;
  /** Requests per minute per client, per tenant, and token requests per IP address; 0 disables that limit. */
  rateLimit: {
    perClientPerMinute: number;
    perTenantPerMinute: number;
    tokenRequestsPerMinute: number;
  };
  /** Lifetime of tokens from the OAuth token endpoint, in seconds. */
  accessTokenTtlSeconds: number;
  /** Operability settings: see docs/operations.md. */
  operations: OperationsConfig;
}

export interface OperationsConfig {
  /** When set, GET /metrics requires `Authorization: Bearer <token>` (ROSTER_METRICS_TOKEN). */
  metricsToken: string | undefined;
  /** How long SIGTERM/SIGINT waits for in-flight requests before giving up (ROSTER_SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** Activity log entries older than this are pruned (ROSTER_ACTIVITY_RETENTION_DAYS). */
  activityRetentionDays: number;
  /** Collect the young generation when the server falls idle (ROSTER_IDLE_GC, `on` or `off`). */
  idleCollection: boolean;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Raised for invalid configuration; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export type ConfigOverrides = Partial<
  Pick<RosterConfig, 'databaseUrl' | 'host' | 'port' | 'publicUrl' | 'logLevel'>
>;

function parseInteger(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function parseSwitch(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase();
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

/** Checks a database URL's form: sqlite:<path>, sqlite::memory:, postgres(ql)://… */
export function validateDatabaseUrl(name: string, url: string): string {
  if (/^sqlite:.+/.test(url)) return url;
  if (/^postgres(ql)?:\/\/.+/.test(url)) {
    try {
      new URL(url);
      return url;
    } catch {
      throw new ConfigError(`${name} is not a valid PostgreSQL URL: "${url}"`);
    }
  }
  throw new ConfigError(
    `${name} must start with sqlite: or postgres:// (e.g. sqlite:./data/roster.db), got "${url}"`,
  );
}

/** Builds the configuration from `env` and `overrides` (flags win); throws ConfigError naming the variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: ConfigOverrides = {},
): RosterConfig {
  const databaseUrl = validateDatabaseUrl(
    'ROSTER_DATABASE_URL',
    overrides.databaseUrl ?? env.ROSTER_DATABASE_URL ?? 'sqlite:./data/roster.db',
  );
  const host = overrides.host ?? env.ROSTER_HOST ?? '127.0.0.1';
  if (host.trim() === '') throw new ConfigError('ROSTER_HOST must not be empty');
  const port =
    overrides.port ??
    (env.ROSTER_PORT !== undefined ? parseInteger('ROSTER_PORT', env.ROSTER_PORT, 0, 65535) : 8080);
  let publicUrl = overrides.publicUrl ?? env.ROSTER_PUBLIC_URL;
  if (publicUrl !== undefined) {
    try {
      const parsed = new URL(publicUrl);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw new ConfigError(`ROSTER_PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
    }
    publicUrl = publicUrl.replace(/\/+$/, '');
  }
  const logLevel = (overrides.logLevel ?? env.ROSTER_LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      `ROSTER_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }
  const int = (name: string, fallback: number, min: number, max: number): number =>
    env[name] !== undefined ? parseInteger(name, env[name], min, max) : fallback;
  return {
    databaseUrl,
    host,
    port,
    publicUrl,
    logLevel,
    bulk: {
      maxOperations: int('ROSTER_BULK_MAX_OPERATIONS', 1000, 1, 1_000_000),
      maxPayloadSize: int('ROSTER_BULK_MAX_PAYLOAD_SIZE', 1_048_576, 1024, 1_073_741_824),
    },
    bodyLimit: int('ROSTER_BODY_LIMIT', 1_048_576, 1024, 1_073_741_824),
    filterMaxResults: int('ROSTER_FILTER_MAX_RESULTS', 1000, 1, 100_000),
    rateLimit: {
      perClientPerMinute: int('ROSTER_RATE_LIMIT_PER_MINUTE', 1_200_000, 0, 1_000_000_000),
      perTenantPerMinute: int('ROSTER_TENANT_RATE_LIMIT_PER_MINUTE', 2_400_000, 0, 1_000_000_000),
      tokenRequestsPerMinute: int('ROSTER_TOKEN_RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000_000),
    },
    accessTokenTtlSeconds: int('ROSTER_ACCESS_TOKEN_TTL', 3600, 60, 86_400),
    operations: {
      metricsToken: env.ROSTER_METRICS_TOKEN?.trim() || undefined,
      shutdownGraceMs: int('ROSTER_SHUTDOWN_GRACE_MS', 10_000, 0, 3_600_000),
      activityRetentionDays: int('ROSTER_ACTIVITY_RETENTION_DAYS', 30, 1, 36_500),
      idleCollection: parseSwitch('ROSTER_IDLE_GC', env.ROSTER_IDLE_GC, true),
    },
  };
}
