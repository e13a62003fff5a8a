/** Shortens a failure to one line of at most `max` characters, preferring the line that names the error. */
export function oneLine(text: string, max = 200): string {
  const lines = text.split('\n').map((line) => line.trim());
  const named = lines.find((line) => /\b\w*Error\b|error:/i.test(line) && !line.startsWith('at '));
  const chosen = named && named !== lines[0] ? `${lines[0]} … ${named}` : text;
  const flat = chosen.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
