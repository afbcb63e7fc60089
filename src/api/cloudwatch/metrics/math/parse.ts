/**
 * CloudWatch metric math, the part Berth evaluates: arithmetic (+ - * / ^, unary minus,
 * parentheses) between time series and scalars, arrays `[a, b]`, references to other queries
 * by Id, string literals (METRICS' filter) and function calls (functions.ts says which).
 * A hand-written precedence-climbing parser: the grammar is small and errors name the column.
 */
export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ref'; id: string }
  | { kind: 'keyword'; name: string }
  | { kind: 'unary'; op: '-'; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'array'; items: Expr[] }
  | { kind: 'call'; name: string; args: Expr[] }

export type BinaryOp = '+' | '-' | '*' | '/' | '^'

export class MathSyntaxError extends Error {}

type Token = { type: 'num'; value: number; at: number } | { type: 'id'; value: string; at: number } | { type: 'str'; value: string; at: number } | { type: 'op'; value: string; at: number }

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
    } else if (/[0-9.]/.test(c)) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i))
      if (!m) throw new MathSyntaxError(`Unexpected character '${c}' at column ${i + 1}.`)
      tokens.push({ type: 'num', value: Number(m[0]), at: i })
      i += m[0].length
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!
      tokens.push({ type: 'id', value: m[0], at: i })
      i += m[0].length
    } else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1)
      if (close < 0) throw new MathSyntaxError(`Unterminated string starting at column ${i + 1}.`)
      tokens.push({ type: 'str', value: text.slice(i + 1, close), at: i })
      i = close + 1
    } else if ('+-*/^(),[]'.includes(c)) {
      tokens.push({ type: 'op', value: c, at: i })
      i++
    } else {
      throw new MathSyntaxError(`Unexpected character '${c}' at column ${i + 1}.`)
    }
  }
  return tokens
}

const PRECEDENCE: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 3 }

/** The expression's tree, or a MathSyntaxError saying where it stops making sense. */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text)
  let pos = 0
  const peek = () => tokens[pos]
  const where = () => (peek() ? `column ${peek()!.at + 1}` : 'the end of the expression')
  const expectOp = (op: string) => {
    const t = peek()
    if (t?.type !== 'op' || t.value !== op) throw new MathSyntaxError(`Expected '${op}' at ${where()}.`)
    pos++
  }

  function binary(minPrecedence: number): Expr {
    let left = unary()
    for (;;) {
      const t = peek()
      if (t?.type !== 'op' || !(t.value in PRECEDENCE)) return left
      const p = PRECEDENCE[t.value]!
      if (p < minPrecedence) return left
      pos++
      // ^ is right-associative; the others left.
      const right = binary(t.value === '^' ? p : p + 1)
      left = { kind: 'binary', op: t.value as BinaryOp, left, right }
    }
  }

  function unary(): Expr {
    const t = peek()
    if (t?.type === 'op' && t.value === '-') {
      pos++
      return { kind: 'unary', op: '-', arg: unary() }
    }
    if (t?.type === 'op' && t.value === '+') {
      pos++
      return unary()
    }
    return primary()
  }

  function list(close: string): Expr[] {
    const items: Expr[] = []
    if (peek()?.type === 'op' && peek()!.value === close) {
      pos++
      return items
    }
    for (;;) {
      items.push(binary(1))
      const t = peek()
      if (t?.type === 'op' && t.value === ',') {
        pos++
        continue
      }
      expectOp(close)
      return items
    }
  }

  function primary(): Expr {
    const t = peek()
    if (!t) throw new MathSyntaxError('The expression ends where a value was expected.')
    pos++
    if (t.type === 'num') return { kind: 'number', value: t.value }
    if (t.type === 'str') return { kind: 'string', value: t.value }
    if (t.type === 'id') {
      const next = peek()
      if (next?.type === 'op' && next.value === '(') {
        pos++
        return { kind: 'call', name: t.value.toUpperCase(), args: list(')') }
      }
      // Upper-case words are keywords (FILL's REPEAT); Ids start with a lower-case letter.
      return /^[A-Z][A-Z_]*$/.test(t.value) ? { kind: 'keyword', name: t.value } : { kind: 'ref', id: t.value }
    }
    if (t.value === '(') {
      const inner = binary(1)
      expectOp(')')
      return inner
    }
    if (t.value === '[') return { kind: 'array', items: list(']') }
    throw new MathSyntaxError(`Unexpected '${t.value}' at column ${t.at + 1}.`)
  }

  const tree = binary(1)
  if (pos < tokens.length) throw new MathSyntaxError(`Unexpected '${String(tokens[pos]!.value)}' at column ${tokens[pos]!.at + 1}.`)
  return tree
}

/** The Ids an expression refers to (to order evaluation and find cycles). */
export function referencesOf(e: Expr): string[] {
  switch (e.kind) {
    case 'ref':
      return [e.id]
    case 'unary':
      return referencesOf(e.arg)
    case 'binary':
      return [...referencesOf(e.left), ...referencesOf(e.right)]
    case 'array':
      return e.items.flatMap(referencesOf)
    case 'call':
      return e.args.flatMap(referencesOf)
    default:
      return []
  }
}
