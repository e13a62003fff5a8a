import type { FastifyRequest } from 'fastify';
import type { BulkResponse } from '../../scim/bulk/index.js';

/**
 * The BulkResponse a request answered with, kept for the activity log so it need not parse the
 * serialized body again (a 10,000-operation answer is megabytes of JSON).
 */
const answered = new WeakMap<FastifyRequest, BulkResponse>();

export function rememberBulkResponse(request: FastifyRequest, response: BulkResponse): void {
  answered.set(request, response);
}

export function bulkResponseOf(request: FastifyRequest): BulkResponse | undefined {
  return answered.get(request);
}
