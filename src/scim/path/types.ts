/** Source span of a node in the text it was parsed from (0-based offsets, end exclusive). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * An attribute path, RFC 7644 §3.10 / §3.4.2.2 `attrPath`:
 * `[URN ":"] attrName ["." subAttr]`. Names are kept as written; schema resolution
 * (case-insensitive) happens later.
 */
export interface AttrPath {
  readonly kind: 'attrPath';
  /** Schema URN prefix as written, or undefined when none was given. */
  readonly schema: string | undefined;
  readonly attribute: string;
  readonly subAttribute: string | undefined;
  readonly span: Span;
}

/** The comparison operators of RFC 7644 §3.4.2.2 (`pr` is a separate node). */
export const COMPARE_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;

export type CompareOperator = (typeof COMPARE_OPERATORS)[number];

/** A JSON literal compare value: string, number, boolean or null. */
export type CompareValue = string | number | boolean | null;

/** `attrPath op compValue` */
export interface CompareFilter {
  readonly kind: 'compare';
  readonly path: AttrPath;
  readonly operator: CompareOperator;
  readonly value: CompareValue;
  readonly span: Span;
}

/** `attrPath pr` */
export interface PresentFilter {
  readonly kind: 'present';
  readonly path: AttrPath;
  readonly span: Span;
}

/** `filter and filter` / `filter or filter` */
export interface LogicalFilter {
  readonly kind: 'and' | 'or';
  readonly left: Filter;
  readonly right: Filter;
  readonly span: Span;
}

/** `not (filter)` */
export interface NotFilter {
  readonly kind: 'not';
  readonly filter: Filter;
  readonly span: Span;
}

/** `attrPath [valFilter]` inside a filter: the inner filter's paths are relative to the attribute. */
export interface ValuePathFilter {
  readonly kind: 'valuePath';
  readonly path: AttrPath;
  readonly filter: Filter;
  readonly span: Span;
}

/** The filter AST, RFC 7644 §3.4.2.2. Grouping parentheses leave no node. */
export type Filter = CompareFilter | PresentFilter | LogicalFilter | NotFilter | ValuePathFilter;

/**
 * A PATCH path, RFC 7644 §3.5.2 `PATH = attrPath / valuePath [subAttr]`:
 * an attribute, optionally narrowed by a value filter, optionally followed by a sub-attribute.
 */
export interface PatchPath {
  readonly kind: 'patchPath';
  readonly path: AttrPath;
  readonly valueFilter: Filter | undefined;
  /** The sub-attribute after `]`, e.g. `value` in `emails[type eq "work"].value`. */
  readonly subAttribute: string | undefined;
  readonly span: Span;
}
