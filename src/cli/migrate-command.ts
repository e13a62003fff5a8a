import type { Command } from 'commander';
import { configFrom } from './config-from-options.js';
import { withStore } from './with-store.js';

/** `roster migrate`: applies pending migrations and creates the signing key. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async (_options: unknown, command: Command) => {
      await withStore(configFrom(command), async () => {
        process.stdout.write('database is up to date\n');
      });
    });
}
