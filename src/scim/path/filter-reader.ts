import { describeToken, readAttrPath } from './parse-attr-path.js';
import type { Fail, Token } from './tokenize.js';
import { COMPARE_OPERATORS } from './types.js';
import type {
  AttrPath,
  CompareOperator,
  CompareValue,
  Filter,
  Span,
  ValuePathFilter,
} from './types.js';

const compareOperators: ReadonlySet<string> = new Set(COMPARE_OPERATORS);
const operatorList = 'eq, ne, co, sw, ew, gt, ge, lt, le, pr';
/** RFC 7159 number syntax; `-0` keeps its sign so printed filters parse back unchanged. */
const jsonNumber = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/u;

/** Deepest nesting of `(`, `not (` and `[` a filter may use; deeper input is refused, not recursed into. */
export const maxFilterDepth = 32;
/** Most attribute expressions one filter may hold. */
export const maxFilterTerms = 1000;

/** True when `token` is the keyword `keyword` (keywords are case-insensitive, RFC 7644 §3.4.2.2). */
export function isKeyword(token: Token, keyword: string): boolean {
  return token.type === 'word' && token.text.toLowerCase() === keyword;
}

const spanOf = (start: { span: Span } | Token, end: { span: Span } | Token): Span => ({
  start: 'span' in start ? start.span.start : start.start,
  end: 'span' in end ? end.span.end : end.end,
});

/**
 * Recursive-descent reader for the RFC 7644 §3.4.2.2 filter grammar (figure 1), shared by
 * filters and PATCH value paths. Precedence: `not` > `and` > `or`, left-associative.
 */
export class FilterReader {
  private index = 0;
  private depth = 0;
  private terms = 0;
  private inValueFilter = false;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly fail: Fail,
  ) {}

  /** The token `offset` places ahead, or the end token. */
  peek(offset = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + offset] ?? last;
  }

  /** Consumes and returns the next token. */
  next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index += 1;
    return token;
  }

  /** Reads `FILTER` (an `or` chain of `and` chains). */
  readFilter(): Filter {
    let left = this.readAnd();
    while (isKeyword(this.peek(), 'or')) {
      this.next();
      const right = this.readAnd();
      left = { kind: 'or', left, right, span: spanOf(left, right) };
    }
    return left;
  }

  /** Fails unless every token was consumed; `what` names the construct being closed. */
  expectEnd(what: string): void {
    const token = this.peek();
    if (token.type === 'end') return;
    if (token.type === ')' || token.type === ']') {
      throw this.fail(`at ${token.start}: unbalanced "${token.text}"`);
    }
    throw this.fail(
      `at ${token.start}: expected "and", "or" or the end of the ${what}, found ${describeToken(token)}`,
    );
  }

  /** Reads `"[" valFilter "]"` after `path` (RFC 7644 §3.4.2.2 valuePath). */
  readValuePath(path: AttrPath): ValuePathFilter {
    const open = this.next();
    if (path.subAttribute !== undefined) {
      throw this.fail(
        `at ${open.start}: a value filter applies to a multi-valued attribute, not to the sub-attribute "${path.attribute}.${path.subAttribute}"`,
      );
    }
    this.enter(open);
    this.inValueFilter = true;
    const filter = this.readFilter();
    this.inValueFilter = false;
    const close = this.expectClose(']', open);
    this.depth -= 1;
    return { kind: 'valuePath', path, filter, span: spanOf(path, close) };
  }

  private readAnd(): Filter {
    let left = this.readUnary();
    while (isKeyword(this.peek(), 'and')) {
      this.next();
      const right = this.readUnary();
      left = { kind: 'and', left, right, span: spanOf(left, right) };
    }
    return left;
  }

  private readUnary(): Filter {
    const token = this.peek();
    if (token.type === '(') {
      this.next();
      this.enter(token);
      const filter = this.readFilter();
      this.expectClose(')', token);
      this.depth -= 1;
      return filter;
    }
    if (isKeyword(token, 'not')) {
      const open = this.peek(1);
      if (open.type === '(') {
        this.next();
        this.next();
        this.enter(open);
        const filter = this.readFilter();
        const close = this.expectClose(')', open);
        this.depth -= 1;
        return { kind: 'not', filter, span: spanOf(token, close) };
      }
      const isAttributeNamedNot =
        open.type === '[' || (open.type === 'word' && isOperatorWord(open));
      if (!isAttributeNamedNot) {
        throw this.fail(`at ${open.start}: expected "(" after "not", found ${describeToken(open)}`);
      }
    }
    return this.readAttrExpression();
  }

  private readAttrExpression(): Filter {
    const token = this.next();
    if (token.type !== 'word') {
      throw this.fail(
        `at ${token.start}: expected an attribute path, "(" or "not (", found ${describeToken(token)}`,
      );
    }
    const path = readAttrPath(token, this.fail);
    this.terms += 1;
    if (this.terms > maxFilterTerms) {
      throw this.fail(`at ${token.start}: the filter has more than ${maxFilterTerms} expressions`);
    }
    const next = this.peek();
    if (next.type === '[') {
      if (this.inValueFilter) {
        throw this.fail(`at ${next.start}: value filters cannot be nested inside a value filter`);
      }
      const valuePath = this.readValuePath(path);
      const after = this.peek();
      if (
        after.type === 'word' &&
        after.start === valuePath.span.end &&
        after.text.startsWith('.')
      ) {
        throw this.fail(
          `at ${after.start}: a sub-attribute after "]" is only valid in a PATCH path, not in a filter (RFC 7644 §3.5.2)`,
        );
      }
      return valuePath;
    }
    if (isKeyword(next, 'pr')) {
      this.next();
      return { kind: 'present', path, span: spanOf(token, next) };
    }
    const operator = next.text.toLowerCase();
    if (next.type !== 'word' || !compareOperators.has(operator)) {
      throw this.fail(
        `at ${next.start}: expected a comparison operator (${operatorList}) after "${token.text}"`,
      );
    }
    this.next();
    const valueToken = this.next();
    const value = this.readValue(valueToken, next);
    return {
      kind: 'compare',
      path,
      operator: operator as CompareOperator,
      value,
      span: spanOf(token, valueToken),
    };
  }

  /**
   * Reads `compValue`: a JSON string, number, `true`, `false` or `null` (any case). As a leniency
   * for real clients, any other bare word is read as a string: `emails[type eq home]`.
   */
  private readValue(token: Token, operator: Token): CompareValue {
    if (token.type === 'string') return token.value ?? '';
    if (token.type !== 'word') {
      throw this.fail(
        `at ${token.start}: expected a value (a JSON string, number, true, false or null) after "${operator.text}", found ${describeToken(token)}`,
      );
    }
    const lower = token.text.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (jsonNumber.test(token.text)) {
      const number = Number(token.text);
      if (Number.isFinite(number)) return number;
    }
    return token.text;
  }

  private expectClose(type: ')' | ']', open: Token): Token {
    const token = this.peek();
    if (token.type !== type) {
      throw this.fail(
        `at ${token.start}: expected "and", "or" or "${type}" to close "${open.text}" at ${open.start}, found ${describeToken(token)}`,
      );
    }
    return this.next();
  }

  private enter(token: Token): void {
    this.depth += 1;
    if (this.depth > maxFilterDepth) {
      throw this.fail(`at ${token.start}: the filter nests deeper than ${maxFilterDepth} levels`);
    }
  }
}

function isOperatorWord(token: Token): boolean {
  const word = token.text.toLowerCase();
  return word === 'pr' || compareOperators.has(word);
}
