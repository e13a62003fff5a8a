export { parseAttrPath, readAttrPath, isAttrName } from './parse-attr-path.js';
export { parsePatchPath } from './parse-patch-path.js';
export { COMPARE_OPERATORS } from './types.js';
export { FilterReader, maxFilterDepth, maxFilterTerms } from './filter-reader.js';
export { tokenize } from './tokenize.js';
export type { Fail, Token, TokenType } from './tokenize.js';
export type * from './types.js';
