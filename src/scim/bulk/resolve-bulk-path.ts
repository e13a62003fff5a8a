import type { ScimError } from '../errors.js';
import { scimError } from '../errors.js';
import { readBulkIdReference } from './bulk-id-reference.js';
import { operationAt } from './operation-at.js';
import type { BulkEndpoint, BulkMethod, BulkResourceType, BulkTarget } from './types.js';

/** Where a bulk operation's `path` points: an endpoint and, except for POST, one resource. */
export interface ResolvedBulkPath {
  readonly resourceType: BulkResourceType | undefined;
  readonly endpoint: BulkEndpoint | undefined;
  readonly target: BulkTarget | undefined;
  readonly error: ScimError | undefined;
}

const endpoints: Record<string, { endpoint: BulkEndpoint; resourceType: BulkResourceType }> = {
  Users: { endpoint: '/Users', resourceType: 'User' },
  Groups: { endpoint: '/Groups', resourceType: 'Group' },
};

/** What a POST to an endpoint resolves to, the same every time. */
const postPaths: Readonly<Record<string, ResolvedBulkPath>> = {
  '/Users': { resourceType: 'User', endpoint: '/Users', target: undefined, error: undefined },
  '/Groups': { resourceType: 'Group', endpoint: '/Groups', target: undefined, error: undefined },
};

function suggest(segment: string): string {
  const singular = segment.toLowerCase().replace(/s$/, '');
  if (singular === 'user') return ' (did you mean /Users?)';
  if (singular === 'group') return ' (did you mean /Groups?)';
  return '; expected /Users or /Groups';
}

function failed(error: ScimError): ResolvedBulkPath {
  return { resourceType: undefined, endpoint: undefined, target: undefined, error };
}

/**
 * Resolves a bulk operation `path`, RFC 7644 §3.7: `/Users` or `/Groups` for POST,
 * `/{endpoint}/{id}` (or `/{endpoint}/bulkId:{bulkId}`) for PUT, PATCH and DELETE.
 */
export function resolveBulkPath(method: BulkMethod, path: string, index: number): ResolvedBulkPath {
  if (method === 'POST' && Object.hasOwn(postPaths, path))
    return postPaths[path] as ResolvedBulkPath;
  const where = operationAt(index);
  const segments = path.split('/');
  const [root, segment, id, ...rest] = segments;
  if (root !== '' || segment === undefined || segment === '') {
    return failed(
      scimError.invalidValue(`${where}.path "${path}" must start with /Users or /Groups`),
    );
  }
  const known = Object.hasOwn(endpoints, segment) ? endpoints[segment] : undefined;
  if (known === undefined) {
    return failed(
      scimError.invalidValue(
        `${where}.path "${path}" names no resource endpoint${suggest(segment)}`,
      ),
    );
  }
  const { endpoint, resourceType } = known;
  if (rest.length > 0) {
    return failed(
      scimError.invalidValue(`${where}.path "${path}" has segments after the resource id`),
    );
  }

  if (method === 'POST') {
    if (id !== undefined && id !== '') {
      return failed(
        scimError.invalidValue(
          `${where}.path "${path}": POST creates at ${endpoint}, without an id`,
        ),
      );
    }
    return { resourceType, endpoint, target: undefined, error: undefined };
  }
  if (id === undefined || id === '') {
    return failed(
      scimError.invalidValue(`${where}.path "${path}": ${method} needs ${endpoint}/{id}`),
    );
  }
  const bulkId = readBulkIdReference(id);
  if (bulkId === undefined && id.startsWith('bulkId:')) {
    return failed(scimError.invalidValue(`${where}.path "${path}" has an empty bulkId`));
  }
  const target: BulkTarget = bulkId === undefined ? { kind: 'id', id } : { kind: 'bulkId', bulkId };
  return { resourceType, endpoint, target, error: undefined };
}
