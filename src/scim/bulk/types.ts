import type { ScimError } from '../errors.js';
import type { URN } from '../urns.js';

/** Limits a service provider advertises for Bulk, RFC 7644 §3.7.4 / RFC 7643 §5 `bulk`. */
export interface BulkLimits {
  maxOperations: number;
  /** Enforced by HTTP while reading the body; kept here so discovery reads one source. */
  maxPayloadSize: number;
}

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One entry of a BulkRequest's `Operations`, RFC 7644 §3.7, after envelope validation. */
export interface BulkOperationRequest {
  /** Position in the request's `Operations` array (0-based). */
  index: number;
  method: BulkMethod;
  bulkId: string | null;
  version: string | null;
  path: string;
  data: unknown;
}

/** A validated BulkRequest message, RFC 7644 §3.7. */
export interface BulkRequestMessage {
  failOnErrors: number | null;
  operations: BulkOperationRequest[];
}

export type BulkResourceType = 'User' | 'Group';
export type BulkEndpoint = '/Users' | '/Groups';

/** The resource an operation acts on: a known id, or the one a POST in this request creates. */
export type BulkTarget = { kind: 'id'; id: string } | { kind: 'bulkId'; bulkId: string };

/** An operation with its path resolved and its `bulkId:` references found. */
export interface PlannedOperation {
  index: number;
  method: BulkMethod;
  bulkId: string | null;
  version: string | null;
  data: unknown;
  resourceType: BulkResourceType | undefined;
  endpoint: BulkEndpoint | undefined;
  /** Undefined for POST (and when the path could not be resolved). */
  target: BulkTarget | undefined;
  /** Every bulkId the operation references, in order of first appearance, without repeats. */
  references: readonly string[];
  /** Set when the operation fails before it runs; it is then reported with this error. */
  error?: ScimError;
}

/**
 * One step of a plan. `run`: execute the operation, first stripping the references to `deferred`
 * bulkIds from its data (a cycle is broken there). `link`: once every cycle partner exists, add
 * the deferred `references` to the resource operation `index` created.
 */
export type BulkStep =
  | { kind: 'run'; index: number; deferred: readonly string[] }
  | { kind: 'link'; index: number; references: readonly string[] };

/** The planned operations (in request order) and the order to execute them in. */
export interface BulkPlan {
  operations: PlannedOperation[];
  steps: BulkStep[];
}

/** One entry of a BulkResponse's `Operations`, RFC 7644 §3.7.3. */
export interface BulkResponseOperation {
  method: BulkMethod;
  bulkId?: string;
  version?: string;
  location?: string;
  /** The HTTP status of the operation, as a string. */
  status: string;
  /** The SCIM error of a failed operation, or the resource of a success when asked for. */
  response?: unknown;
}

/** A BulkResponse message, RFC 7644 §3.7.3; operations in request order. */
export interface BulkResponse {
  schemas: [typeof URN.bulkResponse];
  Operations: BulkResponseOperation[];
}
