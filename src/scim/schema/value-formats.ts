const dateTimePattern =
  /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

/** True when the text is a valid xsd:dateTime, as RFC 7643 §2.3.5 requires of dateTime values. */
export function isDateTime(text: string): boolean {
  const match = dateTimePattern.exec(text);
  if (!match) return false;
  const [, year, month, day, hour, minute, second, , offsetHour, offsetMinute] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) return false;
  if (offsetHour !== undefined && !Number.isNaN(offsetHour)) {
    if (offsetHour > 14 || (offsetMinute ?? 0) > 59) return false;
  }
  return true;
}

/** True when the text is base64 per RFC 4648 §4 (line breaks allowed), RFC 7643 §2.3.6 binary. */
export function isBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
}
