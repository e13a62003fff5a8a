import { scimError } from '../errors.js';
import { URN } from '../urns.js';

/** One PATCH operation, RFC 7644 §3.5.2: `op`, optional `path`, optional `value`. */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  value?: unknown;
}

const opNames: readonly string[] = ['add', 'remove', 'replace'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a member case-insensitively: RFC 7644 §3.10 makes attribute names case-insensitive. */
function member(object: Record<string, unknown>, name: string): unknown {
  if (name in object) return object[name];
  const wanted = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : object[key];
}

function parseOperation(raw: unknown, index: number): PatchOperation {
  const label = `Operations[${index}]`;
  if (!isRecord(raw)) throw scimError.invalidSyntax(`${label}: an operation must be a JSON object`);
  const op = member(raw, 'op');
  if (typeof op !== 'string' || !opNames.includes(op)) {
    throw scimError.invalidSyntax(`${label}: "op" must be one of "add", "remove", "replace"`);
  }
  const path = member(raw, 'path');
  if (path !== undefined && path !== null && typeof path !== 'string') {
    throw scimError.invalidPath(`${label}: "path" must be a string`);
  }
  const value = member(raw, 'value');
  const operation: PatchOperation = { op: op as PatchOperation['op'] };
  if (typeof path === 'string') operation.path = path;
  if (value !== undefined) operation.value = value;
  if (op === 'remove' && operation.path === undefined) {
    throw scimError.noTarget(`${label}: "remove" requires a "path"`);
  }
  if (op !== 'remove' && value === undefined) {
    throw scimError.invalidValue(`${label}: "${op}" requires a "value"`);
  }
  return operation;
}

/**
 * Reads a PatchOp request body (RFC 7644 §3.5.2) into its operations. `schemas` may be absent
 * (the WSO2 bulk examples omit it) but, when present, must name the PatchOp message.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isRecord(body)) throw scimError.invalidSyntax('a PatchOp body must be a JSON object');
  const schemas = member(body, 'schemas');
  if (schemas !== undefined) {
    const named =
      Array.isArray(schemas) &&
      schemas.some(
        (urn) => typeof urn === 'string' && urn.toLowerCase() === URN.patchOp.toLowerCase(),
      );
    if (!named) throw scimError.invalidSyntax(`"schemas" must contain "${URN.patchOp}"`);
  }
  const operations = member(body, 'Operations');
  if (!Array.isArray(operations)) throw scimError.invalidSyntax('"Operations" must be an array');
  if (operations.length === 0) throw scimError.invalidSyntax('"Operations" must not be empty');
  return operations.map(parseOperation);
}
