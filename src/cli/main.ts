#!/usr/bin/env -S node --max-old-space-size=1024
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/index.js';
import { registerClientCommand } from './client-command.js';
import { registerKeysCommand } from './keys-command.js';
import { registerActivityCommand } from './activity-command.js';
import { registerMigrateCommand } from './migrate-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerTenantCommand } from './tenant-command.js';
import { registerTokenCommand } from './token-command.js';

/** Builds the `roster` command line. */
export function createProgram(): Command {
  const program = new Command('roster')
    .description(
      'Roster: a multi-tenant SCIM 2.0 server (RFC 7643/7644) with a first-class Bulk endpoint',
    )
    .option('--database-url <url>', 'database URL (overrides ROSTER_DATABASE_URL)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerTenantCommand(program);
  registerTokenCommand(program);
  registerActivityCommand(program);
  registerClientCommand(program);
  registerKeysCommand(program);
  return program;
}

async function main(): Promise<void> {
  try {
    await createProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message =
      error instanceof ConfigError
        ? error.message
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`roster: ${message}\n`);
    process.exitCode = 1;
  }
}

await main();
