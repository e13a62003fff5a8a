import { isScimError } from '../errors.js';
import { parsePatchPath } from '../path/index.js';
import type { Filter, PatchPath } from '../path/types.js';
import { isJsonObject } from '../schema/index.js';
import { URN } from '../urns.js';
import type { PatchOperation } from './parse-patch-request.js';

/** One member as a PATCH value names it (RFC 7643 §4.2); `$ref` is the server's to compute. */
export interface MemberValue {
  value: string;
  display?: string;
  type?: string;
}

type MemberChangeBody =
  | { kind: 'add'; members: MemberValue[] }
  | { kind: 'remove'; values: string[] }
  | { kind: 'removeAll' }
  | { kind: 'replace'; members: MemberValue[] };

/** A change to a Group's membership, in request order; `operation` is its index in the request. */
export type MemberChange = MemberChangeBody & { operation: number };

/** What splitMemberOperations returns: deltas, other operations, and their request indexes. */
export interface SplitPatch {
  readonly memberChanges: MemberChange[];
  readonly otherOperations: PatchOperation[];
  /** The request index of each of `otherOperations`, so errors name the operation as sent. */
  readonly otherIndexes: number[];
}

/** Collects the parts of a split in request order. */
interface SplitSink {
  change(change: MemberChangeBody): void;
  other(operation: PatchOperation): void;
}

/** Thrown inside this module when an operation cannot be expressed as member changes. */
const inexpressible = Symbol('inexpressible');

function isMembersPath(path: PatchPath): boolean {
  const { schema, attribute, subAttribute } = path.path;
  const inGroup = schema === undefined || schema.toLowerCase() === URN.group.toLowerCase();
  return inGroup && attribute.toLowerCase() === 'members' && subAttribute === undefined;
}

function readMember(raw: unknown): MemberValue {
  if (!isJsonObject(raw)) throw inexpressible;
  const member: Partial<MemberValue> = {};
  for (const [key, item] of Object.entries(raw)) {
    const name = key.toLowerCase();
    if (item === null || name === '$ref') continue;
    if (typeof item !== 'string' || !['value', 'display', 'type'].includes(name))
      throw inexpressible;
    member[name as keyof MemberValue] = item;
  }
  if (!member.value) throw inexpressible;
  return member as MemberValue;
}

function readMembers(value: unknown): MemberValue[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((item) => item !== null).map(readMember);
}

/** The values of a filter made only of `value eq "…"` terms joined by `or`. */
function valueEqualities(filter: Filter): string[] {
  if (filter.kind === 'or')
    return [...valueEqualities(filter.left), ...valueEqualities(filter.right)];
  if (
    filter.kind === 'compare' &&
    filter.operator === 'eq' &&
    typeof filter.value === 'string' &&
    filter.path.schema === undefined &&
    filter.path.subAttribute === undefined &&
    filter.path.attribute.toLowerCase() === 'value'
  ) {
    return [filter.value];
  }
  throw inexpressible;
}

function membersChange(op: PatchOperation['op'], value: unknown): MemberChangeBody | undefined {
  if (op === 'replace') return { kind: 'replace', members: readMembers(value) };
  const members = readMembers(value);
  return members.length > 0 ? { kind: 'add', members } : undefined;
}

function splitOne(operation: PatchOperation, sink: SplitSink): void {
  const { op, path, value } = operation;
  if (path === undefined) {
    const key = isJsonObject(value)
      ? Object.keys(value).find((candidate) => candidate.toLowerCase() === 'members')
      : undefined;
    if (key === undefined || !isJsonObject(value)) {
      sink.other(operation);
      return;
    }
    const { [key]: members, ...rest } = value;
    const change = membersChange(op, members);
    if (change) sink.change(change);
    if (Object.keys(rest).length > 0) sink.other({ op, value: rest });
    return;
  }
  let parsed: PatchPath;
  try {
    parsed = parsePatchPath(path);
  } catch (error) {
    if (isScimError(error)) throw inexpressible;
    throw error;
  }
  if (!isMembersPath(parsed)) {
    sink.other(operation);
    return;
  }
  if (parsed.subAttribute !== undefined) throw inexpressible;
  if (parsed.valueFilter) {
    if (op !== 'remove' || (value !== undefined && value !== null)) throw inexpressible;
    sink.change({ kind: 'remove', values: valueEqualities(parsed.valueFilter) });
    return;
  }
  if (op === 'remove') {
    if (value !== undefined && value !== null) throw inexpressible;
    sink.change({ kind: 'removeAll' });
    return;
  }
  const change = membersChange(op, value);
  if (change) sink.change(change);
}

/**
 * Splits a Group PATCH (RFC 7644 §3.5.2) into membership deltas, in request order, and the
 * operations on other attributes, so a large group's members need not be loaded. Returns
 * undefined when some `members` operation is not expressible as a delta (e.g. a filter on
 * `display`); the caller then loads the members and runs applyPatch.
 */
export function splitMemberOperations(
  operations: readonly PatchOperation[],
): SplitPatch | undefined {
  const split: SplitPatch = { memberChanges: [], otherOperations: [], otherIndexes: [] };
  try {
    operations.forEach((operation, index) =>
      splitOne(operation, {
        change: (change) => split.memberChanges.push({ ...change, operation: index }),
        other: (other) => {
          split.otherOperations.push(other);
          split.otherIndexes.push(index);
        },
      }),
    );
  } catch (error) {
    if (error === inexpressible) return undefined;
    throw error;
  }
  return split;
}
