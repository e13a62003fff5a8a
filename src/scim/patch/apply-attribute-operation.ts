import { isScimError, scimError } from '../errors.js';
import { matchesValueFilter } from '../filter/index.js';
import type { Filter } from '../path/types.js';
import { isJsonObject, normalizeAttributeValue, valuesEqual } from '../schema/index.js';
import type { SchemaRegistry } from '../schema/index.js';
import type { AttributeDefinition, ResourceTypeName, ScimResource } from '../schema/types.js';
import { canonicaliseElement, canonicalisePartial } from './canonicalise-value.js';
import { jsonEqual } from './json-equal.js';
import type { AttributeTarget } from './resolve-patch-target.js';

type Element = Record<string, unknown>;
type Op = 'add' | 'remove' | 'replace';

/** Where an attribute lives: the resource itself, or the object under its extension URN. */
function holderOf(
  resource: ScimResource,
  target: AttributeTarget,
  create: boolean,
): Element | undefined {
  const { resolved } = target;
  if (!resolved.isExtension) return resource;
  const existing = resource[resolved.schema];
  if (isJsonObject(existing)) return existing;
  if (!create) return undefined;
  const holder: Element = {};
  resource[resolved.schema] = holder;
  return holder;
}

/** Refuses a change to a readOnly, or an assigned immutable, sub-attribute (RFC 7643 §2.2). */
function checkElementMutability(
  definition: AttributeDefinition,
  before: unknown,
  after: unknown,
): void {
  const old = isJsonObject(before) ? before : {};
  const next = isJsonObject(after) ? after : {};
  for (const sub of definition.subAttributes ?? []) {
    if (sub.mutability !== 'readOnly' && sub.mutability !== 'immutable') continue;
    const was = old[sub.name];
    if (sub.mutability === 'immutable' && was === undefined) continue;
    if (!jsonEqual(was, next[sub.name])) {
      throw scimError.mutability(`Attribute '${definition.name}.${sub.name}' is ${sub.mutability}`);
    }
  }
}

/** RFC 7643 §2.4: at most one value may be primary; the one just written wins. */
function keepOnePrimary(
  definition: AttributeDefinition,
  elements: Element[],
  touched: readonly Element[],
): void {
  if (!definition.subAttributes?.some((sub) => sub.name === 'primary')) return;
  const winner = [...touched].reverse().find((element) => element.primary === true);
  if (!winner) return;
  for (const [index, element] of elements.entries()) {
    if (element !== winner && element.primary === true) {
      const { primary: _cleared, ...rest } = element;
      elements[index] = rest;
    }
  }
}

/** The `sub eq value` terms of a filter made only of `and`-ed equalities, else undefined. */
function equalities(filter: Filter): [string, unknown][] | undefined {
  if (filter.kind === 'and') {
    const left = equalities(filter.left);
    const right = equalities(filter.right);
    return left && right ? [...left, ...right] : undefined;
  }
  if (filter.kind !== 'compare' || filter.operator !== 'eq') return undefined;
  if (filter.path.schema !== undefined || filter.path.subAttribute !== undefined) return undefined;
  return [[filter.path.attribute, filter.value]];
}

function refuseRequired(definition: AttributeDefinition, label: string): void {
  if (definition.required)
    throw scimError.invalidValue(`Attribute '${label}' is required and cannot be removed`);
}

/** The element with `sub` set to `value`, or removed when `value` is undefined or null. */
function withSub(
  element: Element,
  sub: AttributeDefinition,
  value: unknown,
  label: string,
): Element {
  const { [sub.name]: _previous, ...rest } = element;
  const normalized = normalizeAttributeValue(sub, value, label);
  if (normalized === undefined) {
    refuseRequired(sub, label);
    return rest;
  }
  return { ...rest, [sub.name]: normalized };
}

/** add/replace/remove on a whole attribute, RFC 7644 §3.5.2.1–3 without a value filter. */
function applyWhole(
  op: Op,
  holder: Element | undefined,
  definition: AttributeDefinition,
  value: unknown,
): void {
  const name = definition.name;
  if (op === 'remove' && definition.multiValued && value !== undefined && value !== null) {
    throw scimError.invalidValue(
      `"remove" takes no value; select the values of '${name}' with a filter`,
    );
  }
  const isPartial = !definition.multiValued && definition.type === 'complex' && value !== null;
  const incoming =
    op === 'remove'
      ? undefined
      : isPartial
        ? canonicalisePartial(definition, value, name)
        : normalizeAttributeValue(definition, value, name);
  if (incoming === undefined) {
    if (op === 'add') return;
    refuseRequired(definition, name);
    if (holder) delete holder[name];
    return;
  }
  if (!holder) return;
  const current = holder[name];
  if (definition.multiValued) {
    const added = incoming as Element[];
    const existing = Array.isArray(current) ? (current as Element[]) : [];
    const fresh = added.filter(
      (item) => !existing.some((old) => valuesEqual(definition, old, item)),
    );
    const result = op === 'replace' ? [...added] : [...existing, ...fresh];
    keepOnePrimary(definition, result, op === 'replace' ? added : fresh);
    holder[name] = result;
  } else if (definition.type === 'complex') {
    const merged = { ...(isJsonObject(current) ? current : {}), ...(incoming as Element) };
    checkElementMutability(definition, current, merged);
    holder[name] = merged;
  } else {
    holder[name] = incoming;
  }
}

/** A sub-attribute without filter: `name.givenName`, or `emails.value` on every value. */
function applySub(
  op: Op,
  holder: Element | undefined,
  definition: AttributeDefinition,
  sub: AttributeDefinition,
  value: unknown,
): void {
  if (!holder) return;
  const label = `${definition.name}.${sub.name}`;
  const current = holder[definition.name];
  const write = (element: Element): Element => {
    const next = withSub(element, sub, op === 'remove' ? undefined : value, label);
    checkElementMutability(definition, element, next);
    return next;
  };
  if (!definition.multiValued) {
    if (op === 'remove' && !isJsonObject(current)) return;
    const next = write(isJsonObject(current) ? current : {});
    if (Object.keys(next).length === 0) delete holder[definition.name];
    else holder[definition.name] = next;
    return;
  }
  const elements = Array.isArray(current) ? (current as Element[]) : [];
  if (elements.length === 0) {
    if (op === 'remove') return;
    throw scimError.noTarget(`'${definition.name}' has no values to set '${sub.name}' on`);
  }
  const next = elements.map(write).filter((element) => Object.keys(element).length > 0);
  keepOnePrimary(definition, next, next);
  if (next.length === 0) delete holder[definition.name];
  else holder[definition.name] = next;
}

/** A valuePath: `emails[type eq "work"]`, optionally `.value`, RFC 7644 §3.5.2. */
function applyFiltered(
  op: Op,
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  holder: Element | undefined,
  target: AttributeTarget,
  filter: Filter,
  value: unknown,
): void {
  const definition = target.resolved.attribute;
  const sub = target.subAttribute;
  const label = sub ? `${definition.name}.${sub.name}` : definition.name;
  const current = holder?.[definition.name];
  const elements = Array.isArray(current) ? (current as Element[]) : [];
  const isMatch = (element: Element): boolean => {
    try {
      return matchesValueFilter(registry, resourceType, target.resolved, filter, element);
    } catch (error) {
      // Inside a PATCH path a bad value filter is a bad path (RFC 7644 §3.5.2, §3.12).
      if (isScimError(error) && error.scimType === 'invalidFilter')
        throw scimError.invalidPath(error.detail);
      throw error;
    }
  };
  const matched = new Set(elements.filter(isMatch));

  if (matched.size === 0) {
    const terms = op === 'add' ? equalities(filter) : undefined;
    if (!terms || !holder)
      throw scimError.noTarget(`No value of '${definition.name}' matches the filter`);
    // RFC 7644 §3.5.2.1: "If the target location does not exist, the attribute and value are added."
    const given = sub ? { [sub.name]: value } : canonicalisePartial(definition, value, label);
    const created = canonicaliseElement(
      definition,
      { ...Object.fromEntries(terms), ...given },
      label,
    );
    if (!isMatch(created))
      throw scimError.noTarget(`No value of '${definition.name}' matches the filter`);
    const result = [...elements, created];
    keepOnePrimary(definition, result, [created]);
    holder[definition.name] = result;
    return;
  }

  const touched: Element[] = [];
  const result: Element[] = [];
  for (const element of elements) {
    if (!matched.has(element)) {
      result.push(element);
      continue;
    }
    let next: Element | undefined;
    if (sub) next = withSub(element, sub, op === 'remove' ? undefined : value, label);
    else if (op === 'replace') next = canonicaliseElement(definition, value, label);
    else if (op === 'add') next = { ...element, ...canonicalisePartial(definition, value, label) };
    if (next !== undefined) checkElementMutability(definition, element, next);
    if (next !== undefined && Object.keys(next).length > 0) {
      result.push(next);
      touched.push(next);
    }
  }
  keepOnePrimary(definition, result, touched);
  if (!holder) return;
  if (result.length === 0) delete holder[definition.name];
  else holder[definition.name] = result;
}

/**
 * Applies one add/remove/replace to an attribute target of `resource` (mutated in place: the
 * caller owns a private copy), RFC 7644 §3.5.2.1–3. readOnly attributes may only be written back
 * unchanged; an assigned immutable attribute may not change (RFC 7643 §2.2).
 */
export function applyAttributeOperation(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  resource: ScimResource,
  op: Op,
  target: AttributeTarget,
  value: unknown,
): void {
  const definition = target.resolved.attribute;
  const holder = holderOf(resource, target, op !== 'remove' && value !== null);
  const before = holder?.[definition.name];
  const isWriteBack = !target.filter && !target.subAttribute && jsonEqual(value, before);
  if (definition.mutability === 'readOnly' && op !== 'remove' && !isWriteBack) {
    throw scimError.mutability(`Attribute '${definition.name}' is readOnly`);
  }
  if (target.filter)
    applyFiltered(op, registry, resourceType, holder, target, target.filter, value);
  else if (target.subAttribute) applySub(op, holder, definition, target.subAttribute, value);
  else applyWhole(op, holder, definition, value);
  const after = holder?.[definition.name];
  if (jsonEqual(before, after)) return;
  if (definition.mutability === 'readOnly') {
    throw scimError.mutability(`Attribute '${definition.name}' is readOnly`);
  }
  if (definition.mutability === 'immutable' && before !== undefined) {
    throw scimError.mutability(
      `Attribute '${definition.name}' is immutable and already has a value`,
    );
  }
}
