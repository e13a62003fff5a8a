import { resolvePatchTarget } from '../../scim/patch/index.js';
import type { PatchOperation } from '../../scim/patch/index.js';
import { isJsonObject } from '../../scim/schema/index.js';
import { URN } from '../../scim/urns.js';
import { rewriteOperations } from './patch-normaliser.js';
import type { NormaliserContext, PatchNormaliser } from './patch-normaliser.js';

const isManagerKey = (key: string): boolean => key.toLowerCase() === 'manager';

/** `{"manager": "id"}` inside an enterprise object → `{"manager": {"value": "id"}}`. */
function wrapInObject(object: Record<string, unknown>): Record<string, unknown> | undefined {
  const key = Object.keys(object).find(isManagerKey);
  if (key === undefined || typeof object[key] !== 'string') return undefined;
  return { ...object, [key]: { value: object[key] } };
}

function rewrite(
  operation: PatchOperation,
  context: NormaliserContext,
): PatchOperation | undefined {
  const { op, path, value } = operation;
  if (op === 'remove') return undefined;
  if (path === undefined) {
    if (!isJsonObject(value)) return undefined;
    const key = Object.keys(value).find(
      (name) => name.toLowerCase() === URN.enterpriseUser.toLowerCase(),
    );
    const extension = key === undefined ? undefined : value[key];
    const wrapped = isJsonObject(extension) ? wrapInObject(extension) : undefined;
    return key !== undefined && wrapped ? { op, value: { ...value, [key]: wrapped } } : undefined;
  }
  let target;
  try {
    target = resolvePatchTarget(context.registry, context.resourceType, path);
  } catch {
    return undefined;
  }
  if (target.kind === 'extension') {
    const wrapped =
      target.schema === URN.enterpriseUser && isJsonObject(value) ? wrapInObject(value) : undefined;
    return wrapped ? { op, path, value: wrapped } : undefined;
  }
  const { resolved, filter, subAttribute } = target;
  const isManager =
    resolved.schema === URN.enterpriseUser &&
    resolved.attribute.name === 'manager' &&
    !filter &&
    !subAttribute;
  return isManager && typeof value === 'string' ? { op, path, value: { value } } : undefined;
}

/**
 * Microsoft Entra ID sends the enterprise `manager` (RFC 7643 §4.3, a complex attribute) as a
 * bare id string; this wraps it as `{"value": id}`.
 */
export const entraManagerString: PatchNormaliser = {
  quirk: 'entra.managerString',
  normalise: (operations, context) =>
    rewriteOperations(operations, (operation) => rewrite(operation, context)),
};
