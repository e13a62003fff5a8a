import { scimError } from '../errors.js';
import { FilterReader } from './filter-reader.js';
import { describeToken, isAttrName, readAttrPath } from './parse-attr-path.js';
import { tokenize } from './tokenize.js';
import type { Filter, PatchPath } from './types.js';

/**
 * Parses a PATCH operation path, RFC 7644 §3.5.2 `PATH = attrPath / valuePath [subAttr]`:
 * `members[value eq "2819c223"]`, `emails[type eq "work"].value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 * Value filters accept the same bare-word leniency as filters (`emails[type eq home]`).
 * Every syntax error, including one inside the brackets, is a scimError.invalidPath.
 */
export function parsePatchPath(text: string): PatchPath {
  const fail = scimError.invalidPath;
  const reader = new FilterReader(tokenize(text, fail), fail);
  const first = reader.next();
  if (first.type !== 'word') {
    throw fail(`at ${first.start}: expected an attribute path, found ${describeToken(first)}`);
  }
  const path = readAttrPath(first, fail);
  let valueFilter: Filter | undefined;
  let subAttribute: string | undefined;
  let end = path.span.end;
  if (reader.peek().type === '[') {
    const valuePath = reader.readValuePath(path);
    valueFilter = valuePath.filter;
    end = valuePath.span.end;
    const after = reader.peek();
    if (after.type === 'word' && after.start === end && after.text.startsWith('.')) {
      reader.next();
      subAttribute = after.text.slice(1);
      if (!isAttrName(subAttribute)) {
        throw fail(
          `at ${after.start + 1}: expected a sub-attribute name after "].", found "${subAttribute}"`,
        );
      }
      end = after.end;
    }
  }
  const rest = reader.peek();
  if (rest.type !== 'end') {
    throw fail(
      `at ${rest.start}: expected the end of the PATCH path, found ${describeToken(rest)}`,
    );
  }
  return {
    kind: 'patchPath',
    path,
    valueFilter,
    subAttribute,
    span: { start: path.span.start, end },
  };
}
