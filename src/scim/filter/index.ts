export { parseFilter } from './parse-filter.js';
export { printFilter, printAttrPath } from './print-filter.js';
export { resolveFilter } from './resolve-filter.js';
export {
  evaluateFilter,
  matchesValueFilter,
  compileFilter,
  compileValueFilter,
} from './evaluate-filter.js';
export type { FilterPredicate } from './compile-filter.js';
export {
  resolveFilterAttribute,
  resolveValueFilterAttribute,
  schemasAttribute,
} from './resolve-filter-attribute.js';
export type { FilterPathUse } from './resolve-filter-attribute.js';
