import type { ScimError } from '../errors.js';

/** The fail callback a parser reports syntax errors through (invalidFilter or invalidPath). */
export type Fail = (detail: string) => ScimError;

export type TokenType = 'word' | 'string' | '(' | ')' | '[' | ']' | 'end';

/** One lexical token of a filter or PATCH path, with its 0-based source offsets. */
export interface Token {
  readonly type: TokenType;
  /** The source text of the token (empty for `end`). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** The decoded value of a `string` token. */
  readonly value?: string;
}

const punctuation = new Set(['(', ')', '[', ']']);
const isSpace = (char: string): boolean => /\s/u.test(char);

/**
 * Splits filter or PATCH path text into tokens, RFC 7644 §3.4.2.2 figure 1: JSON strings,
 * brackets and parentheses, and words (attribute paths, operators, keywords, bare literals).
 */
export function tokenize(text: string, fail: Fail): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (isSpace(char)) {
      index += 1;
    } else if (punctuation.has(char)) {
      tokens.push({ type: char as TokenType, text: char, start: index, end: index + 1 });
      index += 1;
    } else if (char === '"') {
      const end = findStringEnd(text, index, fail);
      const raw = text.slice(index, end);
      tokens.push({
        type: 'string',
        text: raw,
        start: index,
        end,
        value: decodeString(raw, index, fail),
      });
      index = end;
    } else {
      let end = index + 1;
      while (end < text.length) {
        const next = text.charAt(end);
        if (isSpace(next) || punctuation.has(next) || next === '"') break;
        end += 1;
      }
      tokens.push({ type: 'word', text: text.slice(index, end), start: index, end });
      index = end;
    }
  }
  tokens.push({ type: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

function findStringEnd(text: string, start: number, fail: Fail): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '\\') index += 2;
    else if (char === '"') return index + 1;
    else index += 1;
  }
  throw fail(`at ${start}: unterminated string, expected a closing '"'`);
}

function decodeString(raw: string, start: number, fail: Fail): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    throw fail(`at ${start}: invalid JSON string ${raw} (bad escape or control character)`);
  }
}
