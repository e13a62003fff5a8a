/**
 * Where an operation of a bulk request sits (`Operations[7]`), for error details; built only
 * when a detail needs it, not for every operation.
 */
export function operationAt(index: number): string {
  return `Operations[${index}]`;
}
