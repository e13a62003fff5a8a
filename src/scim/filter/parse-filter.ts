import { scimError } from '../errors.js';
import { FilterReader, tokenize } from '../path/index.js';
import type { Filter } from '../path/index.js';

/**
 * Parses a filter, RFC 7644 §3.4.2.2 (ABNF figure 1), into the typed AST. Operators and keywords
 * are case-insensitive; values are JSON literals, and as a leniency real clients need, a bare word
 * (`emails[type eq home]`) is read as a string. Throws scimError.invalidFilter with a detail giving
 * the 0-based position and what was expected there.
 */
export function parseFilter(text: string): Filter {
  const fail = scimError.invalidFilter;
  const reader = new FilterReader(tokenize(text, fail), fail);
  if (reader.peek().type === 'end') throw fail('at 0: the filter is empty');
  const filter = reader.readFilter();
  reader.expectEnd('filter');
  return filter;
}
