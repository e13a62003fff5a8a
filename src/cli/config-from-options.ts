import type { Command } from 'commander';
import { loadConfig, type ConfigOverrides, type RosterConfig } from '../config/index.js';

/** Reads the configuration for a command: environment, then the global and command flags. */
export function configFrom(command: Command, extra: ConfigOverrides = {}): RosterConfig {
  const globals = command.optsWithGlobals<{ databaseUrl?: string }>();
  return loadConfig(process.env, {
    ...(globals.databaseUrl ? { databaseUrl: globals.databaseUrl } : {}),
    ...extra,
  });
}
