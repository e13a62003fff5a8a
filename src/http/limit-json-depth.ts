import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { scimError } from '../scim/errors.js';
import { nestsDeeperThan } from '../scim/json-depth.js';

/**
 * Deepest nesting of objects and arrays a request body may use. SCIM documents nest a handful of
 * levels (a Bulk operation's data sits three deeper); far deeper input only exhausts the stack of
 * whatever walks it next.
 */
export const maxJsonDepth = 64;

/** Whether a parsed JSON value nests deeper than `limit` (an object or array is one level). */
export function exceedsJsonDepth(value: unknown, limit: number): boolean {
  return nestsDeeperThan(value, limit);
}

/** Wraps a JSON body parser so over-deep bodies fail as invalidSyntax (RFC 7644 §3.12). */
export function limitJsonDepth(parse: FastifyBodyParser<string>): FastifyBodyParser<string> {
  return function (this: FastifyInstance, request, body, done) {
    void parse.call(this, request, body, (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      if (exceedsJsonDepth(value, maxJsonDepth)) {
        return done(
          scimError.invalidSyntax(`the request body is nested deeper than ${maxJsonDepth} levels`),
          undefined,
        );
      }
      done(null, value);
    });
  };
}
