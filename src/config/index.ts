export { loadConfig, validateDatabaseUrl, ConfigError } from './config.js';
export type { RosterConfig, ConfigOverrides, LogLevel, OperationsConfig } from './config.js';
