import { sql } from 'kysely';
import type { Expression, SqlBool } from 'kysely';
import { scimError } from '../../scim/errors.js';
import { resolveFilter } from '../../scim/filter/index.js';
import type { AttrPath, CompareFilter, CompareOperator, Filter } from '../../scim/path/types.js';
import type {
  AttributeDefinition,
  ResourceTypeName,
  SchemaRegistry,
} from '../../scim/schema/index.js';
import type { SqlDialectHooks } from './dialect-hooks.js';
import { resolveFilterTarget } from './filter-targets.js';
import type { ElementScope, FilterTarget, ValueRef } from './filter-targets.js';

type Scope = (path: AttrPath) => FilterTarget;

const orderingSymbols = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

const dateTime = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/u;

/**
 * The stored form (`YYYY-MM-DDTHH:mm:ss.sssZ`) of an xsd:dateTime, read as UTC when it has no zone
 * and truncated to milliseconds, as the in-memory evaluator reads it; stored times compare as text.
 */
function storedInstant(text: string, at: number): string {
  const match = dateTime.exec(text);
  const instant = match
    ? Date.parse(`${match[1]}.${(match[2] ?? '').padEnd(3, '0').slice(0, 3)}${match[3] ?? 'Z'}`)
    : NaN;
  if (Number.isNaN(instant)) throw scimError.invalidFilter(`at ${at}: "${text}" is not a dateTime`);
  return new Date(instant).toISOString();
}

function and(
  guard: Expression<SqlBool> | undefined,
  condition: Expression<SqlBool>,
): Expression<SqlBool> {
  return guard ? sql<SqlBool>`(${guard} and ${condition})` : condition;
}

/** A test of one value against `operator value` (never `ne`, never null), typed by the attribute definition. */
function valueTest(
  hooks: SqlDialectHooks,
  definition: AttributeDefinition,
  operator: Exclude<CompareOperator, 'ne'>,
  value: string | number | boolean,
  at: number,
): (candidate: ValueRef) => Expression<SqlBool> {
  const { type } = definition;
  if (type === 'boolean') return (candidate) => candidate.booleanIs(value === true);
  if (type === 'integer' || type === 'decimal') {
    const symbol = sql.raw(orderingSymbols[operator as keyof typeof orderingSymbols]);
    return (candidate) =>
      and(candidate.typeIs('number'), sql<SqlBool>`${candidate.number} ${symbol} ${value}`);
  }
  if (type === 'dateTime') {
    const expected = storedInstant(String(value), at);
    const symbol = sql.raw(orderingSymbols[operator as keyof typeof orderingSymbols]);
    return (candidate) =>
      and(
        candidate.typeIs('string'),
        sql<SqlBool>`${hooks.binaryText(candidate.text)} ${symbol} ${expected}`,
      );
  }
  const caseExact = definition.caseExact || type === 'binary';
  const expected = caseExact ? String(value) : String(value).toLowerCase();
  return (candidate) => {
    const text = caseExact ? candidate.text : (candidate.folded ?? hooks.foldCase(candidate.text));
    let condition: Expression<SqlBool>;
    if (operator === 'sw' && candidate.folded && expected !== '') {
      // A range on the indexed column lets `userName sw` use its index; the exact test stays.
      const bound = `${expected}\u{10FFFF}`;
      condition = sql<SqlBool>`(${text} >= ${expected} and ${text} < ${bound} and ${hooks.textMatches(text, operator, expected)})`;
    } else if (operator === 'co' || operator === 'sw' || operator === 'ew') {
      condition = hooks.textMatches(text, operator, expected);
    } else if (operator === 'eq') {
      condition = sql<SqlBool>`${text} = ${expected}`;
    } else {
      condition = sql<SqlBool>`${hooks.binaryText(text)} ${sql.raw(orderingSymbols[operator])} ${expected}`;
    }
    return and(candidate.typeIs('string'), condition);
  };
}

/** RFC 7644 §3.4.2.2: comparing a complex attribute compares its `value` sub-attribute. */
function comparedTarget(target: FilterTarget): FilterTarget {
  if (target.definition.type !== 'complex') return target;
  const value = target.definition.subAttributes?.find((sub) => sub.name === 'value');
  if (!value)
    throw scimError.invalidFilter(
      'a complex attribute without a value sub-attribute cannot be compared',
    );
  return {
    definition: value,
    some: (test) => target.someElement((element) => test(element(value))),
    someElement: target.someElement,
  };
}

function compileCompare(
  hooks: SqlDialectHooks,
  filter: CompareFilter,
  scope: Scope,
): Expression<SqlBool> {
  const target = comparedTarget(scope(filter.path));
  const { operator, value } = filter;
  if (value === null) {
    // Roster reads `eq null` as "not present" and `ne null` as "present", as the evaluator does.
    const present = target.some((candidate) => candidate.present);
    return operator === 'eq' ? sql<SqlBool>`not (${hooks.definite(present)})` : present;
  }
  const test = valueTest(
    hooks,
    target.definition,
    operator === 'ne' ? 'eq' : operator,
    value,
    filter.span.start,
  );
  const any = target.some(test);
  // `ne` is "no value equals": true on a missing attribute, and on a multi-valued one only when none is equal.
  return operator === 'ne' ? sql<SqlBool>`not (${hooks.definite(any)})` : any;
}

function elementScope(parent: AttributeDefinition, element: ElementScope): Scope {
  return (path) => {
    const lower = path.attribute.toLowerCase();
    const definition = parent.subAttributes?.find((sub) => sub.name.toLowerCase() === lower);
    if (!definition)
      throw scimError.invalidFilter(
        `at ${path.span.start}: unknown sub-attribute "${path.attribute}"`,
      );
    return {
      definition,
      some: (test) => test(element(definition)),
      someElement: () => {
        throw scimError.invalidFilter(`at ${path.span.start}: value filters cannot be nested`);
      },
    };
  };
}

/** The operands of a chain of one logical operator (`a or b or c` parses as nested pairs). */
function operandsOf(kind: 'and' | 'or', filter: Filter): Filter[] {
  const operands: Filter[] = [];
  const pending: Filter[] = [filter];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.kind === kind) pending.push(next.right, next.left);
    else operands.push(next);
  }
  return operands;
}

/**
 * Joins a chain as a balanced tree: SQLite refuses expressions nested more than 1000 deep, and a
 * filter may hold up to `maxFilterTerms` terms in one chain.
 */
function balancedChain(kind: 'and' | 'or', operands: Expression<SqlBool>[]): Expression<SqlBool> {
  if (operands.length === 1 && operands[0]) return operands[0];
  const middle = Math.ceil(operands.length / 2);
  const left = balancedChain(kind, operands.slice(0, middle));
  const right = balancedChain(kind, operands.slice(middle));
  return kind === 'and'
    ? sql<SqlBool>`(${left} and ${right})`
    : sql<SqlBool>`(${left} or ${right})`;
}

/**
 * `definite` is set under `not`: there a leaf's NULL (a missing value) must read as false, while
 * elsewhere NULL and false both drop the row and leaves stay index-friendly.
 */
function compileNode(
  hooks: SqlDialectHooks,
  filter: Filter,
  scope: Scope,
  definite: boolean,
): Expression<SqlBool> {
  const leaf = (expression: Expression<SqlBool>) =>
    definite ? hooks.definite(expression) : expression;
  switch (filter.kind) {
    case 'compare':
      return leaf(compileCompare(hooks, filter, scope));
    case 'present':
      return leaf(scope(filter.path).some((candidate) => candidate.present));
    case 'and':
    case 'or':
      return balancedChain(
        filter.kind,
        operandsOf(filter.kind, filter).map((operand) =>
          compileNode(hooks, operand, scope, definite),
        ),
      );
    case 'not':
      return sql<SqlBool>`not (${compileNode(hooks, filter.filter, scope, true)})`;
    case 'valuePath': {
      const target = scope(filter.path);
      return leaf(
        target.someElement((element) =>
          compileNode(hooks, filter.filter, elementScope(target.definition, element), false),
        ),
      );
    }
  }
}

/**
 * Compiles a filter over one resource type into a parameterised SQL condition on `resources`,
 * RFC 7644 §3.4.2.2, with the in-memory evaluator's semantics: the filter is first checked by
 * `resolveFilter` (so it fails with the same scimError.invalidFilter / sensitive), then client
 * values only ever travel as parameters.
 */
export function compileFilter(
  hooks: SqlDialectHooks,
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  filter: Filter,
): Expression<SqlBool> {
  resolveFilter(registry, resourceType, filter);
  const scope: Scope = (path) => resolveFilterTarget(hooks, registry, resourceType, path);
  return compileNode(hooks, filter, scope, false);
}
