import { StoreError, type Store } from './provisioning/index.js';

/** The database URL with any password replaced, safe to print. */
export function redactDatabaseUrl(databaseUrl: string): string {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) return databaseUrl;
  try {
    const url = new URL(databaseUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'the configured PostgreSQL URL';
  }
}

function causeOf(error: unknown): string {
  const cause =
    error instanceof StoreError && error.failure.kind === 'unavailable'
      ? error.failure.cause
      : error;
  if (cause instanceof AggregateError && cause.errors.length > 0) return causeOf(cause.errors[0]);
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && !cause.message.includes(code) ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}

/** Fails with a message naming the database when it cannot be reached. */
export async function checkDatabaseReachable(store: Store, databaseUrl: string): Promise<void> {
  try {
    await store.ping();
  } catch (error) {
    throw new Error(
      `cannot reach the database at ${redactDatabaseUrl(databaseUrl)}: ${causeOf(error) || 'connection failed'} (check ROSTER_DATABASE_URL or --database-url)`,
    );
  }
}
