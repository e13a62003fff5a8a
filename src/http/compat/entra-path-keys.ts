import type { PatchOperation } from '../../scim/patch/index.js';
import { isJsonObject } from '../../scim/schema/index.js';
import { rewriteOperations } from './patch-normaliser.js';
import type { NormaliserContext, PatchNormaliser } from './patch-normaliser.js';

function extensionUrn(context: NormaliserContext, key: string): string | undefined {
  const wanted = key.toLowerCase();
  return context.registry
    .resourceType(context.resourceType)
    .schemaExtensions.find((extension) => extension.schema.toLowerCase() === wanted)?.schema;
}

const isPathKey = (key: string): boolean =>
  key.toLowerCase().startsWith('urn:') || key.includes('.');

/** Splits one path-less operation's value into plain keys and operations for path-shaped keys. */
function expand(
  operation: PatchOperation,
  context: NormaliserContext,
): PatchOperation[] | undefined {
  const { op, value } = operation;
  if (op === 'remove' || operation.path !== undefined || !isJsonObject(value)) return undefined;
  const kept: Record<string, unknown> = {};
  const expanded: PatchOperation[] = [];
  for (const [key, item] of Object.entries(value)) {
    const urn = extensionUrn(context, key);
    if (urn !== undefined && isJsonObject(item)) {
      const inner: Record<string, unknown> = {};
      for (const [innerKey, innerItem] of Object.entries(item)) {
        if (innerKey.includes('.'))
          expanded.push({ op, path: `${urn}:${innerKey}`, value: innerItem });
        else inner[innerKey] = innerItem;
      }
      if (Object.keys(inner).length > 0 || Object.keys(item).length === 0) kept[key] = inner;
    } else if (urn === undefined && isPathKey(key)) {
      expanded.push({ op, path: key, value: item });
    } else {
      kept[key] = item;
    }
  }
  if (expanded.length === 0) return undefined;
  return Object.keys(kept).length > 0 ? [{ op, value: kept }, ...expanded] : expanded;
}

/**
 * Microsoft Entra ID sends path-less add/replace values keyed by attribute paths
 * (`{"name.givenName": "Barbara"}`, `{"urn:…:enterprise:2.0:User:employeeNumber": "1"}`),
 * which RFC 7644 §3.5.2.3 does not allow; each such key becomes an operation with that `path`.
 */
export const entraPathKeys: PatchNormaliser = {
  quirk: 'entra.pathKeys',
  normalise: (operations, context) =>
    rewriteOperations(operations, (operation) => expand(operation, context)),
};
