import { parsePatchPath } from '../../scim/path/index.js';
import { rewriteOperations } from './patch-normaliser.js';
import type { PatchNormaliser } from './patch-normaliser.js';

function isFilteredSubAttribute(path: string): boolean {
  try {
    const parsed = parsePatchPath(path);
    return parsed.valueFilter !== undefined && parsed.subAttribute !== undefined;
  } catch {
    return false;
  }
}

/**
 * Microsoft Entra ID sends `replace` on `emails[type eq "work"].value` expecting the work email
 * to be created when there is none, where RFC 7644 §3.5.2.3 answers noTarget. Turned into `add`,
 * which sets the sub-attribute on the matching values just as replace does, and which Roster's
 * engine creates from the filter's equalities when nothing matches (RFC 7644 §3.5.2.1).
 */
export const entraReplaceFilteredValue: PatchNormaliser = {
  quirk: 'entra.replaceFilteredValue',
  normalise: (operations) =>
    rewriteOperations(operations, (operation) =>
      operation.op === 'replace' &&
      operation.path !== undefined &&
      isFilteredSubAttribute(operation.path)
        ? { ...operation, op: 'add' }
        : undefined,
    ),
};
