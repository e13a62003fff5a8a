import type { Command } from 'commander';
import { createSigningKey } from '../auth/index.js';
import { configFrom } from './config-from-options.js';
import { withStore } from './with-store.js';

/** `roster keys rotate|list`: the ES256 keys tokens are signed with. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage token signing keys');
  keys
    .command('rotate')
    .description(
      'add a new signing key: new tokens use it, tokens signed by older keys stay valid until they expire',
    )
    .action(async (_options: unknown, command: Command) => {
      await withStore(configFrom(command), async (store) => {
        const key = await createSigningKey(store);
        process.stdout.write(`new signing key ${key.kid} (${key.alg})\n`);
      });
    });
  keys
    .command('list')
    .description('list signing keys, oldest first (the last one signs new tokens)')
    .action(async (_options: unknown, command: Command) => {
      await withStore(configFrom(command), async (store) => {
        for (const key of await store.listSigningKeys())
          process.stdout.write(`${key.kid}\t${key.alg}\t${key.created}\n`);
      });
    });
}
