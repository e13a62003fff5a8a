import { isDateTime } from '../schema/index.js';

const dateTime = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/u;

/**
 * Milliseconds since the epoch of an xsd:dateTime (RFC 7643 §2.3.5), or undefined when the text
 * is not one. A dateTime without a zone is read as UTC so results never depend on the host's zone.
 */
export function toInstant(text: string): number | undefined {
  const match = isDateTime(text) ? dateTime.exec(text) : null;
  if (!match) return undefined;
  const [, local = '', fraction = '', zone = 'Z'] = match;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const instant = Date.parse(`${local}.${millis}${zone}`);
  return Number.isNaN(instant) ? undefined : instant;
}
