export { loadConfig, validateDatabaseUrl, ConfigError } from './config.js';
export type { RosterConfig, ConfigOverrides, LogLevel } from './config.js';
