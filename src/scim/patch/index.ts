export { parsePatchRequest } from './parse-patch-request.js';
export type { PatchOperation } from './parse-patch-request.js';
export { applyPatch } from './apply-patch.js';
export { splitMemberOperations } from './split-member-operations.js';
export type { MemberChange, MemberValue, SplitPatch } from './split-member-operations.js';
export { atOperation } from './at-operation.js';
export { resolvePatchTarget } from './resolve-patch-target.js';
export type { AttributeTarget, ExtensionTarget, PatchTarget } from './resolve-patch-target.js';
