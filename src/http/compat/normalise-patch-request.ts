import { parsePatchRequest } from '../../scim/patch/index.js';
import type { PatchOperation } from '../../scim/patch/index.js';
import type { ResourceTypeName, SchemaRegistry } from '../../scim/schema/index.js';
import { entraCapitalisedOpQuirk, lowerCaseEntraOps } from './entra-capitalised-op.js';
import { entraManagerString } from './entra-manager-string.js';
import { entraPathKeys } from './entra-path-keys.js';
import { entraRemoveMembersByValue } from './entra-remove-members-by-value.js';
import { entraReplaceFilteredValue } from './entra-replace-filtered-value.js';
import { entraStringBoolean } from './entra-string-boolean.js';
import { oktaGroupRenameId } from './okta-group-rename-id.js';
import type { NormaliserContext, PatchNormaliser } from './patch-normaliser.js';

/** PATCH operations in RFC 7644 form, and the client quirks rewritten to reach it. */
export interface NormalisedPatch {
  operations: PatchOperation[];
  /** The request index of each operation: a quirk may turn one operation into several. */
  indexes: number[];
  /** Quirk names in the order applied, e.g. `['entra.capitalisedOp', 'entra.stringBoolean']`. */
  applied: string[];
}

/** Applied in this order: key expansion first, so later normalisers see one attribute per operation. */
const normalisers: readonly PatchNormaliser[] = [
  entraRemoveMembersByValue,
  entraPathKeys,
  entraManagerString,
  entraStringBoolean,
  entraReplaceFilteredValue,
  oktaGroupRenameId,
];

/**
 * Parses a PatchOp body (RFC 7644 §3.5.2) and rewrites the known client quirks into standard
 * operations. `resourceId`, when known, lets the id-dropping quirk compare against it.
 */
export function normalisePatchRequest(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  body: unknown,
  resourceId?: string,
): NormalisedPatch {
  const applied: string[] = [];
  const lowered = lowerCaseEntraOps(body);
  if (lowered !== undefined) applied.push(entraCapitalisedOpQuirk);
  let operations = parsePatchRequest(lowered ?? body);
  let indexes = operations.map((_, index) => index);
  const context: NormaliserContext = {
    registry,
    resourceType,
    ...(resourceId === undefined ? {} : { resourceId }),
  };
  for (const normaliser of normalisers) {
    const next: PatchOperation[] = [];
    const nextIndexes: number[] = [];
    let rewrote = false;
    // One operation at a time, so each rewritten operation keeps the index it was sent at.
    operations.forEach((operation, position) => {
      const rewritten = normaliser.normalise([operation], context);
      if (rewritten !== undefined) rewrote = true;
      for (const item of rewritten ?? [operation]) {
        next.push(item);
        nextIndexes.push(indexes[position] ?? position);
      }
    });
    if (!rewrote) continue;
    operations = next;
    indexes = nextIndexes;
    applied.push(normaliser.quirk);
  }
  return { operations, indexes, applied };
}
