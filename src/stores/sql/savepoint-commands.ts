import { CompiledQuery } from 'kysely';

export interface SavepointCommands {
  readonly savepoint: CompiledQuery;
  readonly rollback: CompiledQuery;
  readonly release: CompiledQuery;
}

const savepointCache: SavepointCommands[] = [];

/**
 * SAVEPOINT / ROLLBACK TO / RELEASE for one nesting depth, compiled once: a bulk request runs one
 * savepoint per operation, so rebuilding them per call would dominate small writes. Sibling
 * savepoints are sequential, so one name per depth suffices.
 */
export function savepointCommands(depth: number): SavepointCommands {
  let commands = savepointCache[depth];
  if (!commands) {
    const name = `roster_sp${depth}`;
    commands = {
      savepoint: CompiledQuery.raw(`savepoint ${name}`),
      rollback: CompiledQuery.raw(`rollback to savepoint ${name}`),
      release: CompiledQuery.raw(`release savepoint ${name}`),
    };
    savepointCache[depth] = commands;
  }
  return commands;
}
