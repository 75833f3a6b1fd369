/**
 * Tokenizer for Fabric signature-policy expressions. Positions are 1-based character
 * offsets into the original text. Unknown characters become `invalid` tokens so the parser
 * can say what it expected instead.
 */
export type TokenType =
  'word' | 'number' | 'string' | 'lparen' | 'rparen' | 'comma' | 'invalid' | 'unterminated' | 'eof';

export interface Token {
  readonly type: TokenType;
  /** The source text of the token, quotes included for strings. */
  readonly text: string;
  /** For strings, the text between the quotes. */
  readonly value: string;
  readonly pos: number;
}

const PUNCTUATION: Readonly<Record<string, TokenType>> = { '(': 'lparen', ')': 'rparen', ',': 'comma' };
const WORD = /[A-Za-z0-9_.-]+/y;

function readString(text: string, start: number): Token {
  const quoteChar = text[start] ?? '';
  const end = text.indexOf(quoteChar, start + 1);
  if (end < 0) return { type: 'unterminated', text: text.slice(start), value: text.slice(start + 1), pos: start + 1 };
  return { type: 'string', text: text.slice(start, end + 1), value: text.slice(start + 1, end), pos: start + 1 };
}

function readWord(text: string, start: number): Token | undefined {
  WORD.lastIndex = start;
  const match = WORD.exec(text);
  if (match === null) return undefined;
  const word = match[0];
  return { type: /^\d/.test(word) ? 'number' : 'word', text: word, value: word, pos: start + 1 };
}

function readToken(text: string, i: number): Token {
  const ch = text[i] ?? '';
  const punct = PUNCTUATION[ch];
  if (punct !== undefined) return { type: punct, text: ch, value: ch, pos: i + 1 };
  if (ch === "'" || ch === '"') return readString(text, i);
  return readWord(text, i) ?? { type: 'invalid', text: ch, value: ch, pos: i + 1 };
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] ?? '')) {
      i += 1;
      continue;
    }
    const token = readToken(text, i);
    tokens.push(token);
    if (token.type === 'unterminated') break;
    i += token.text.length;
  }
  tokens.push({ type: 'eof', text: '', value: '', pos: text.length + 1 });
  return tokens;
}
