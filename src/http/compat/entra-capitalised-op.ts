import { isJsonObject } from '../../scim/schema/index.js';

/** The quirk name the activity log records. */
export const entraCapitalisedOpQuirk = 'entra.capitalisedOp';

const opNames = ['add', 'remove', 'replace'];

/**
 * Microsoft Entra ID sends `"op": "Replace"` (and `Add`, `Remove`) where RFC 7644 §3.5.2 spells
 * them in lower case. Returns the body with those op names lower-cased, or undefined when none was.
 */
export function lowerCaseEntraOps(body: unknown): unknown {
  if (!isJsonObject(body)) return undefined;
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'operations');
  const operations = key === undefined ? undefined : body[key];
  if (key === undefined || !Array.isArray(operations)) return undefined;
  let changed = false;
  const lowered = operations.map((operation: unknown) => {
    if (!isJsonObject(operation)) return operation;
    const opKey = Object.keys(operation).find((name) => name.toLowerCase() === 'op');
    const op = opKey === undefined ? undefined : operation[opKey];
    if (opKey === undefined || typeof op !== 'string' || op === op.toLowerCase()) return operation;
    if (!opNames.includes(op.toLowerCase())) return operation;
    changed = true;
    return { ...operation, [opKey]: op.toLowerCase() };
  });
  return changed ? { ...body, [key]: lowered } : undefined;
}
