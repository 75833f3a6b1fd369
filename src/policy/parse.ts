/**
 * Recursive-descent parser for Fabric signature-policy expressions, the language of the
 * peer CLI's `--signature-policy`:
 *
 *   policy    := gate
 *   gate      := AND '(' rule (',' rule)* ')' | OR '(' rule (',' rule)* ')'
 *              | OUTOF '(' integer (',' rule)+ ')'
 *   rule      := principal | gate
 *   principal := '<mspId>.<role>' | "<mspId>.<role>"     role: member | admin | peer | client
 *
 * Keywords are spelled as Fabric's policydsl accepts them: AND/And/and, OR/Or/or,
 * OUTOF/OutOf/outof (Fabric registers exactly these three spellings of each). Pure.
 */
import { usageError } from '../errors';
import type { FabkitError } from '../errors';
import { quote } from '../validate/issue';
import type { GateOp, PolicyAst, PrincipalNode } from './ast';
import { isPrincipalRole } from './ast';
import type { Token } from './tokenize';
import { tokenize } from './tokenize';

export const POLICY_SYNTAX_ERROR = 'INVALID_POLICY_SYNTAX';
export const MAX_POLICY_DEPTH = 64;

const KEYWORDS: Readonly<Record<string, GateOp>> = {
  AND: 'AND',
  And: 'AND',
  and: 'AND',
  OR: 'OR',
  Or: 'OR',
  or: 'OR',
  OUTOF: 'OutOf',
  OutOf: 'OutOf',
  outof: 'OutOf',
};

const PRINCIPAL = /^([A-Za-z0-9.-]+)\.([A-Za-z]+)$/;
const EXAMPLE = `e.g. "OR('m-A.member','m-B.member')" or "OutOf(2,'m-A.member','m-B.member','m-C.member')"`;
const GENERAL_HINT = `Write the policy as AND(...), OR(...) or OutOf(n, ...) over quoted principals '<member ID>.member', ${EXAMPLE}.`;
const RULE_EXPECTED = `a quoted principal such as 'm-A.member', or AND(, OR( or OutOf(`;

function hintFor(token: Token): string {
  if (token.type === 'word' && PRINCIPAL.test(token.text)) return `Put principals in quotes: '${token.text}'.`;
  if (token.type === 'word' && ['and', 'or', 'outof'].includes(token.text.toLowerCase())) {
    return 'Fabric accepts only these spellings: AND, And, and; OR, Or, or; OUTOF, OutOf, outof.';
  }
  return GENERAL_HINT;
}

function principalHint(role: string): string {
  if (role === 'orderer') return "Orderers do not endorse: use member, admin, peer or client, e.g. 'm-A.member'.";
  return "A principal is '<MSP ID>.<role>' with role member, admin, peer or client, e.g. 'm-A.member'.";
}

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): PolicyAst {
    const first = this.next();
    if (first.type === 'string') {
      this.fail(
        first,
        'AND, OR or OutOf',
        `A policy must be a gate, even for one principal: write "OR(${first.text})".`,
      );
    }
    if (first.type !== 'word' || KEYWORDS[first.text] === undefined) this.fail(first, 'AND, OR or OutOf');
    const ast = this.gate(first, 1);
    const rest = this.next();
    if (rest.type !== 'eof')
      this.fail(
        rest,
        'end of input',
        'Remove the text after the last ")", or combine both parts with AND(...) or OR(...).',
      );
    return ast;
  }

  private next(): Token {
    const token = this.tokens[this.index] ?? this.tokens[this.tokens.length - 1];
    if (token === undefined) throw new Error('tokenizer produced no tokens');
    if (token.type !== 'eof') this.index += 1;
    return token;
  }

  private fail(token: Token, expected: string, hint?: string): never {
    if (token.type === 'unterminated') {
      const q = token.text[0] ?? "'";
      throw policySyntaxError(
        this.text,
        this.text.length + 1,
        `a closing ${JSON.stringify(q)} to end the principal ${token.text}`,
        undefined,
        "Close every quoted principal, e.g. 'm-A.member'.",
      );
    }
    const found = token.type === 'eof' ? undefined : token.text;
    throw policySyntaxError(this.text, token.pos, expected, found, hint ?? hintFor(token));
  }

  private rule(depth: number): PolicyAst {
    const token = this.next();
    if (token.type === 'string') return this.principal(token);
    if (token.type === 'word' && KEYWORDS[token.text] !== undefined) return this.gate(token, depth);
    return this.fail(token, RULE_EXPECTED);
  }

  private principal(token: Token): PrincipalNode {
    const match = PRINCIPAL.exec(token.value);
    const mspId = match?.[1];
    const role = match?.[2] ?? '';
    if (mspId === undefined || !isPrincipalRole(role)) {
      this.fail(token, "a principal '<MSP ID>.<role>' with role member, admin, peer or client", principalHint(role));
    }
    return { kind: 'principal', mspId, role };
  }

  private gate(keyword: Token, depth: number): PolicyAst {
    if (depth > MAX_POLICY_DEPTH)
      this.fail(keyword, `at most ${MAX_POLICY_DEPTH} levels of nesting`, 'Flatten the policy.');
    const op = KEYWORDS[keyword.text] ?? 'AND';
    this.expect('lparen', '"("');
    const n = op === 'OutOf' ? this.threshold() : undefined;
    const rules = [this.rule(depth + 1)];
    for (;;) {
      const token = this.next();
      if (token.type === 'rparen') break;
      if (token.type !== 'comma') this.fail(token, '"," or ")"');
      rules.push(this.rule(depth + 1));
    }
    return { kind: 'nOutOf', op, n: n ?? (op === 'AND' ? rules.length : 1), rules };
  }

  private threshold(): number {
    const token = this.next();
    if (token.type !== 'number' || !/^\d+$/.test(token.text)) {
      this.fail(
        token,
        'a whole number (how many of the rules must be satisfied)',
        `OutOf takes the count first, e.g. "OutOf(2,'m-A.member','m-B.member','m-C.member')".`,
      );
    }
    this.expect('comma', '","');
    return Number(token.text);
  }

  private expect(type: Token['type'], expected: string): void {
    const token = this.next();
    if (token.type !== type) this.fail(token, expected);
  }
}

export function policySyntaxError(
  text: string,
  position: number,
  expected: string,
  found: string | undefined,
  hint: string,
): FabkitError {
  const foundPart = found === undefined ? '' : `, found ${JSON.stringify(found)}`;
  return usageError(
    POLICY_SYNTAX_ERROR,
    `Policy ${quote(text)} is invalid at position ${position}: expected ${expected}${foundPart}`,
    hint,
    {
      position,
      expected,
      found: found ?? null,
    },
  );
}

/** Parses a signature-policy expression, or throws a usage FabkitError (INVALID_POLICY_SYNTAX) with the 1-based position. */
export function parsePolicy(text: string): PolicyAst {
  return new Parser(text, tokenize(text)).parse();
}
