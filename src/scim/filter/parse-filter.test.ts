import { describe, expect, it } from 'vitest';
import { maxFilterDepth, maxFilterTerms } from '../path/index.js';
import { catchScimError, withoutSpans } from '../path/testing.js';
import { parseFilter } from './parse-filter.js';
import { printFilter } from './print-filter.js';
import rfcFilters from './rfc7644-filters.json' with { type: 'json' };

describe('parseFilter on the RFC 7644 §3.4.2.2 examples', () => {
  it.each(rfcFilters)('parses $filter', ({ filter, printed, ...rest }) => {
    const ast = parseFilter(filter);
    expect(printFilter(ast)).toBe(printed);
    if ('ast' in rest) expect(withoutSpans(ast)).toEqual(rest.ast);
  });
});

describe('parseFilter', () => {
  it('gives and precedence over or', () => {
    expect(withoutSpans(parseFilter('a pr or b pr and c pr'))).toMatchObject({
      kind: 'or',
      left: { kind: 'present', path: { attribute: 'a' } },
      right: { kind: 'and' },
    });
  });

  it('associates and and or to the left', () => {
    expect(parseFilter('a pr and b pr and c pr')).toMatchObject({
      kind: 'and',
      left: { kind: 'and' },
      right: { path: { attribute: 'c' } },
    });
    expect(parseFilter('a pr or b pr or c pr')).toMatchObject({ kind: 'or', left: { kind: 'or' } });
  });

  it('binds not tighter than and', () => {
    expect(parseFilter('not (a pr) and b pr')).toMatchObject({
      kind: 'and',
      left: { kind: 'not' },
    });
  });

  it('accepts operators, keywords and literals in any case', () => {
    expect(printFilter(parseFilter('a EQ TRUE AnD NOT (b Pr) OR c Ne NULL'))).toBe(
      'a eq true and not (b pr) or c ne null',
    );
  });

  it.each([
    ['a eq "x\\"y\\\\z\\u00e9\\n"', 'x"y\\zé\n'],
    ['a eq 42', 42],
    ['a eq -1.5', -1.5],
    ['a eq 2.5e3', 2500],
    ['a eq 1E-2', 0.01],
    ['a eq false', false],
    ['a eq null', null],
    ['a eq home', 'home'],
    ['a eq 01', '01'],
    ['a eq "42"', '42'],
  ])('reads the value of %s', (text, value) => {
    expect(parseFilter(text)).toMatchObject({ kind: 'compare', value });
  });

  it('records source spans', () => {
    const text = 'userType eq "Employee" and emails[type eq "work"]';
    const ast = parseFilter(text);
    expect(ast.span).toEqual({ start: 0, end: text.length });
    if (ast.kind !== 'and') throw new Error('expected and');
    expect(text.slice(ast.left.span.start, ast.left.span.end)).toBe('userType eq "Employee"');
    expect(text.slice(ast.right.span.start, ast.right.span.end)).toBe('emails[type eq "work"]');
  });

  it('reads value paths nested inside not, and and or', () => {
    expect(
      parseFilter('not (emails[type eq "work"]) or (members[value eq "1"] and x pr)'),
    ).toMatchObject({
      kind: 'or',
      left: { kind: 'not', filter: { kind: 'valuePath', path: { attribute: 'emails' } } },
      right: { kind: 'and', left: { kind: 'valuePath', path: { attribute: 'members' } } },
    });
  });

  it('reads "not" as an attribute name when no "(" follows it', () => {
    expect(parseFilter('not eq "x"')).toMatchObject({
      kind: 'compare',
      path: { attribute: 'not' },
    });
    expect(parseFilter('not[value pr]')).toMatchObject({
      kind: 'valuePath',
      path: { attribute: 'not' },
    });
    expect(parseFilter('not pr')).toMatchObject({ kind: 'present', path: { attribute: 'not' } });
  });

  it('tolerates spaces around brackets and missing spaces before strings', () => {
    expect(printFilter(parseFilter('  ( userName eq"x" )  '))).toBe('userName eq "x"');
  });

  it.each([
    ['', 'at 0: the filter is empty'],
    ['   ', 'at 0: the filter is empty'],
    [
      'userName',
      'at 8: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after "userName"',
    ],
    [
      'title pr and userName "x"',
      'at 22: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after "userName"',
    ],
    [
      'userName is "x"',
      'at 9: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after "userName"',
    ],
    [
      'userName eq',
      'at 11: expected a value (a JSON string, number, true, false or null) after "eq", found the end',
    ],
    [
      'userName eq (',
      'at 12: expected a value (a JSON string, number, true, false or null) after "eq", found "("',
    ],
    ['userName eq "x', "at 12: unterminated string, expected a closing '\"'"],
    ['userName eq "\\x"', 'at 12: invalid JSON string "\\x" (bad escape or control character)'],
    ['(title pr', 'at 9: expected "and", "or" or ")" to close "(" at 0, found the end'],
    ['title pr)', 'at 8: unbalanced ")"'],
    [
      'title pr userName pr',
      'at 9: expected "and", "or" or the end of the filter, found "userName"',
    ],
    ['title pr and', 'at 12: expected an attribute path, "(" or "not (", found the end'],
    [
      'and title pr',
      'at 4: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after "and"',
    ],
    ['not title pr', 'at 4: expected "(" after "not", found "title"'],
    ['"x" eq title', 'at 0: expected an attribute path, "(" or "not (", found the string "x"'],
    [
      'emails[type eq "work"',
      'at 21: expected "and", "or" or "]" to close "[" at 6, found the end',
    ],
    [
      'emails[type eq "work"].value eq "x"',
      'at 22: a sub-attribute after "]" is only valid in a PATCH path, not in a filter (RFC 7644 §3.5.2)',
    ],
    ['emails[type[value pr]]', 'at 11: value filters cannot be nested inside a value filter'],
    [
      'name.familyName.x pr',
      'at 15: "name.familyName.x" names a sub-attribute of a sub-attribute, which SCIM does not have',
    ],
    ['9lives pr', 'at 0: expected an attribute name, found "9lives"'],
    ['http://x pr', 'at 0: expected an attribute name or a schema URN, found "http://x"'],
  ])('returns 400 invalidFilter for %j', (text, detail) => {
    expect(catchScimError(() => parseFilter(text))).toEqual({
      status: 400,
      scimType: 'invalidFilter',
      detail,
    });
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = `${'('.repeat(maxFilterDepth + 1)}a pr${')'.repeat(maxFilterDepth + 1)}`;
    expect(catchScimError(() => parseFilter(deep)).detail).toBe(
      `at ${maxFilterDepth}: the filter nests deeper than ${maxFilterDepth} levels`,
    );
    const allowed = `${'not ('.repeat(maxFilterDepth)}a pr${')'.repeat(maxFilterDepth)}`;
    expect(parseFilter(allowed).kind).toBe('not');
  });

  it('refuses more expressions than the limit', () => {
    const many = Array.from({ length: maxFilterTerms + 1 }, (_, i) => `a${i} pr`).join(' or ');
    expect(catchScimError(() => parseFilter(many)).detail).toMatch(
      /the filter has more than 1000 expressions$/u,
    );
  });
});
