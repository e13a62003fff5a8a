import { scimError } from '../errors.js';
import { nestsDeeperThan } from '../json-depth.js';
import { URN } from '../urns.js';
import { operationAt } from './operation-at.js';
import type { BulkLimits, BulkMethod, BulkOperationRequest, BulkRequestMessage } from './types.js';

const methods: readonly BulkMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

function methodOf(value: unknown): BulkMethod | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  for (const method of methods) if (method === upper) return method;
  return undefined;
}

/** Deeper than any SCIM resource or PatchOp; bounds the recursion of every later walk. */
const maxDataDepth = 32;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses a member given in more than one spelling, naming every spelling. */
function refuseRepeated(object: JsonObject, name: string, where: string): never {
  const wanted = name.toLowerCase();
  const keys = Object.keys(object).filter((k) => k.toLowerCase() === wanted);
  throw scimError.invalidSyntax(
    `${where} has the member ${name} more than once (${keys.join(', ')})`,
  );
}

/** Attribute names are case-insensitive (RFC 7643 §2.1), so `operations` reads as `Operations`. */
function member(object: JsonObject, name: string, where: string): unknown {
  const wanted = name.toLowerCase();
  let found: string | undefined;
  for (const key in object) {
    if (!Object.hasOwn(object, key) || key.toLowerCase() !== wanted) continue;
    if (found !== undefined) refuseRepeated(object, name, where);
    found = key;
  }
  return found === undefined ? undefined : object[found];
}

function optionalString(value: unknown, name: string, index: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw scimError.invalidSyntax(`${operationAt(index)}.${name} must be a string or null`);
  return value;
}

/** The members of an operation Roster reads: lower-cased name → spelling in RFC 7644. */
const operationNames = {
  method: 'method',
  bulkid: 'bulkId',
  version: 'version',
  path: 'path',
  data: 'data',
} as const;
type OperationMember = keyof typeof operationNames;

function isOperationMember(name: string): name is OperationMember {
  return Object.hasOwn(operationNames, name);
}

/**
 * The members of an operation in one pass over its keys, case-insensitively; a member given
 * twice (in two spellings) is refused.
 */
function membersOf(raw: JsonObject, index: number): Partial<Record<OperationMember, unknown>> {
  const found: Partial<Record<OperationMember, unknown>> = {};
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) continue;
    const lowered = isOperationMember(key) ? key : key.toLowerCase();
    if (!isOperationMember(lowered)) continue;
    if (Object.hasOwn(found, lowered)) {
      refuseRepeated(raw, operationNames[lowered], operationAt(index));
    }
    found[lowered] = raw[key];
  }
  return found;
}

function parseOperation(raw: unknown, index: number): BulkOperationRequest {
  if (!isObject(raw)) throw scimError.invalidSyntax(`${operationAt(index)} must be an object`);
  const given = membersOf(raw, index);

  const method = given.method;
  if (method === undefined)
    throw scimError.invalidSyntax(`${operationAt(index)}.method is required`);
  const known = methodOf(method);
  if (known === undefined) {
    throw scimError.invalidSyntax(
      `${operationAt(index)}.method must be one of ${methods.join(', ')}`,
    );
  }

  const path = given.path;
  if (path === undefined || path === null)
    throw scimError.invalidSyntax(`${operationAt(index)}.path is required`);
  if (typeof path !== 'string') {
    throw scimError.invalidSyntax(`${operationAt(index)}.path must be a string`);
  }

  const data = given.data;
  if (data !== undefined && data !== null && !isObject(data)) {
    throw scimError.invalidSyntax(`${operationAt(index)}.data must be an object or null`);
  }
  if (nestsDeeperThan(data, maxDataDepth)) {
    throw scimError.invalidSyntax(
      `${operationAt(index)}.data is nested deeper than ${maxDataDepth} levels`,
    );
  }

  return {
    index,
    method: known,
    bulkId: optionalString(given.bulkid, 'bulkId', index),
    version: optionalString(given.version, 'version', index),
    path,
    data: data ?? null,
  };
}

/**
 * Validates a BulkRequest body and enforces `maxOperations` before anything runs, RFC 7644 §3.7
 * and §3.7.4. Throws invalidSyntax naming the malformed member, or payloadTooLarge.
 */
export function parseBulkRequest(body: unknown, limits: BulkLimits): BulkRequestMessage {
  if (!isObject(body)) throw scimError.invalidSyntax('A BulkRequest must be a JSON object');

  const operations = member(body, 'Operations', 'The BulkRequest');
  if (operations === undefined || operations === null) {
    throw scimError.invalidSyntax('Operations is required');
  }
  if (!Array.isArray(operations)) throw scimError.invalidSyntax('Operations must be an array');
  if (operations.length > limits.maxOperations) {
    throw scimError.payloadTooLarge(
      `maxOperations is ${limits.maxOperations}; the request has ${operations.length} operations`,
    );
  }

  const schemas = member(body, 'schemas', 'The BulkRequest');
  if (schemas !== undefined) {
    const wanted = URN.bulkRequest.toLowerCase();
    const valid =
      Array.isArray(schemas) &&
      schemas.every((schema) => typeof schema === 'string') &&
      schemas.some((schema: string) => schema.toLowerCase() === wanted);
    if (!valid)
      throw scimError.invalidSyntax(`schemas must be an array containing ${URN.bulkRequest}`);
  }

  const failOnErrors = member(body, 'failOnErrors', 'The BulkRequest');
  if (
    failOnErrors !== undefined &&
    failOnErrors !== null &&
    !(typeof failOnErrors === 'number' && Number.isInteger(failOnErrors) && failOnErrors >= 1)
  ) {
    throw scimError.invalidSyntax('failOnErrors must be an integer of at least 1, or null');
  }

  return {
    failOnErrors: typeof failOnErrors === 'number' ? failOnErrors : null,
    operations: operations.map(parseOperation),
  };
}
