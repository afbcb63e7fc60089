import { RE2JS } from 're2js'
import { FIELD_NAMES, type Condition, type Expression, type FieldName, type Operator, type Subject, type ValuePattern } from './ast.js'
import { ATTRIBUTE_NAME, ATTRIBUTE_RULE, FIELD_RULES, argumentProblem } from './subjects.js'

/** ECS accepts expressions of up to 2000 characters. */
export const MAX_EXPRESSION_LENGTH = 2000

/** A malformed expression; `position` is the 0-based character where parsing stopped. */
export class QuerySyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`Invalid cluster query expression at character ${position + 1}: ${reason}.`)
    this.name = 'QuerySyntaxError'
  }
}

/**
 * Parses the cluster query language:
 *
 *   expression := and-expr (("or" | "||") and-expr)*
 *   and-expr   := unary (("and" | "&&") unary)*
 *   unary      := ("not" | "!") unary | "(" expression ")" | condition
 *   condition  := subject operator [argument]
 *   argument   := value | "[" value ("," value)* "]"        (lists only after in / !in)
 *   value      := 'quoted' | "quoted" | bare text up to a space (or "," "]" in a list, or an
 *                 unbalanced ")")
 *
 * `and` binds tighter than `or`, as in every boolean language; parentheses override both.
 */
export function parseQuery(text: string): Expression {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new QuerySyntaxError(`the expression is ${text.length} characters long; at most ${MAX_EXPRESSION_LENGTH} are allowed`, MAX_EXPRESSION_LENGTH)
  }
  const p = new Parser(text)
  const expr = p.parseOr()
  p.skipSpace()
  if (!p.atEnd()) p.fail(`unexpected '${p.rest(20)}'`)
  return expr
}

/** Characters a subject or a word operator is made of. */
const WORD_CHAR = /[A-Za-z0-9_:.\-/\\@]/

const WORD_OPERATORS: Readonly<Record<string, Operator>> = {
  equals: '==',
  not_equals: '!=',
  greater_than: '>',
  greater_than_equal: '>=',
  less_than: '<',
  less_than_equal: '<=',
  exists: 'exists',
  not_exists: '!exists',
  in: 'in',
  not_in: '!in',
  matches: '=~',
  not_matches: '!~',
}
/** Longest first, so that `>=` is not read as `>` followed by `=`. */
const SYMBOL_OPERATORS: readonly Operator[] = ['!exists', '!in', '==', '!=', '>=', '<=', '=~', '!~', '>', '<']

class Parser {
  #pos = 0
  constructor(readonly text: string) {}

  parseOr(): Expression {
    let left = this.parseAnd()
    while (this.eat('||') || this.eatWord('or')) left = { kind: 'or', left, right: this.parseAnd() }
    return left
  }

  parseAnd(): Expression {
    let left = this.parseUnary()
    while (this.eat('&&') || this.eatWord('and')) left = { kind: 'and', left, right: this.parseUnary() }
    return left
  }

  parseUnary(): Expression {
    // Here `!` can only be negation: operators such as != come after a subject, never here.
    if (this.eatWord('not') || this.eat('!')) return { kind: 'not', operand: this.parseUnary() }
    if (this.eat('(')) {
      const inner = this.parseOr()
      if (!this.eat(')')) this.fail(this.atEnd() ? `missing ')'` : `expected ')' but found '${this.rest(20)}'`)
      return inner
    }
    return this.parseCondition()
  }

  parseCondition(): Condition {
    this.skipSpace()
    const start = this.#pos
    const word = this.readWord()
    if (!word) this.fail(this.atEnd() ? 'the expression ends where a condition should start' : `expected a condition but found '${this.rest(20)}'`)
    const subject = subjectOf(word, start, this)
    const rule = subject.kind === 'attribute' ? ATTRIBUTE_RULE : FIELD_RULES[subject.name]
    this.skipSpace()
    const opStart = this.#pos
    const operator = this.readOperator()
    if (!operator) this.fail(`expected an operator after '${word}'`)
    if (!rule.operators.includes(operator)) {
      this.fail(`'${word}' does not take the operator ${operator}; it takes ${rule.operators.join(' ')}`, opStart)
    }
    const values = operator === 'exists' || operator === '!exists' ? [] : operator === 'in' || operator === '!in' ? this.readList() : [this.readValue(false)]
    for (const v of values) {
      const problem = argumentProblem(rule.kind, v)
      if (problem) this.fail(`${problem}, which '${word}' needs`, opStart)
    }
    const condition: Condition = { kind: 'condition', subject, operator, values }
    if (operator === '=~' || operator === '!~') condition.pattern = this.compile(values[0]!, opStart)
    return condition
  }

  /**
   * ECS takes Java regular expressions. They run on RE2 (re2js), which agrees with Java on
   * everything but what needs backtracking (backreferences, lookaround, possessive and atomic
   * groups): those are refused as invalid. A backtracking engine here would let one
   * expression, `(a+)+$` against an attribute of 30 a's and a '!', hold the event loop for
   * minutes, in ListContainerInstances and in every placement that evaluates a memberOf
   * constraint.
   */
  compile(source: string, at: number): ValuePattern {
    try {
      return RE2JS.compile(`^(?:${source})$`)
    } catch {
      return this.fail(`'${source}' is not a valid regular expression`, at)
    }
  }

  readOperator(): Operator | undefined {
    for (const symbol of SYMBOL_OPERATORS) {
      // `!in` and `!exists` must end there: `!inx` is no operator.
      const wordy = symbol === '!in' || symbol === '!exists'
      if (this.text.startsWith(symbol, this.#pos) && (!wordy || !this.wordContinues(this.#pos + symbol.length))) {
        this.#pos += symbol.length
        return symbol
      }
    }
    const save = this.#pos
    const word = this.readWord()
    const op = WORD_OPERATORS[word]
    if (!op) this.#pos = save
    return op
  }

  readList(): string[] {
    if (!this.eat('[')) this.fail(`in and !in take a list such as [a, b]`)
    const values = [this.readValue(true)]
    while (this.eat(',')) values.push(this.readValue(true))
    if (!this.eat(']')) this.fail(this.atEnd() ? `missing ']'` : `expected ',' or ']' but found '${this.rest(20)}'`)
    return values
  }

  readValue(inList: boolean): string {
    this.skipSpace()
    const quote = this.text[this.#pos]
    if (quote === "'" || quote === '"') {
      const end = this.text.indexOf(quote, this.#pos + 1)
      if (end < 0) this.fail(`missing the closing ${quote}`)
      const value = this.text.slice(this.#pos + 1, end)
      this.#pos = end + 1
      return value
    }
    // A bare value ends at a space, at a ")" that closes an enclosing group (parentheses the
    // value opens itself, as in a pattern like (t2|m5).*, are part of it), and in a list at
    // "," or "]".
    const start = this.#pos
    let depth = 0
    for (; this.#pos < this.text.length; this.#pos++) {
      const c = this.text[this.#pos]!
      if (/\s/.test(c)) break
      if (c === '(') depth++
      if (c === ')' && depth-- === 0) break
      if (inList && depth === 0 && (c === ',' || c === ']')) break
    }
    if (this.#pos === start) this.fail(this.atEnd() ? 'the expression ends where a value should be' : `expected a value but found '${this.rest(20)}'`)
    return this.text.slice(start, this.#pos)
  }

  readWord(): string {
    const start = this.#pos
    while (this.#pos < this.text.length && WORD_CHAR.test(this.text[this.#pos]!)) this.#pos++
    return this.text.slice(start, this.#pos)
  }

  /** Consumes `token` after optional spaces. */
  eat(token: string): boolean {
    this.skipSpace()
    if (!this.text.startsWith(token, this.#pos)) return false
    this.#pos += token.length
    return true
  }

  /** Consumes a keyword only when it is a whole word: `order` does not start with `or`. */
  eatWord(word: string): boolean {
    this.skipSpace()
    if (!this.text.startsWith(word, this.#pos) || this.wordContinues(this.#pos + word.length)) return false
    this.#pos += word.length
    return true
  }

  wordContinues(at: number): boolean {
    return at < this.text.length && WORD_CHAR.test(this.text[at]!)
  }

  skipSpace(): void {
    while (this.#pos < this.text.length && /\s/.test(this.text[this.#pos]!)) this.#pos++
  }

  atEnd(): boolean {
    return this.#pos >= this.text.length
  }

  rest(max: number): string {
    const rest = this.text.slice(this.#pos)
    return rest.length > max ? `${rest.slice(0, max)}…` : rest
  }

  fail(reason: string, at = this.#pos): never {
    throw new QuerySyntaxError(reason, at)
  }
}

function subjectOf(word: string, at: number, p: Parser): Subject {
  if (word.startsWith('attribute:')) {
    const name = word.slice('attribute:'.length)
    if (!ATTRIBUTE_NAME.test(name)) p.fail(`'${name}' is not an attribute name`, at)
    return { kind: 'attribute', name }
  }
  if ((FIELD_NAMES as readonly string[]).includes(word)) return { kind: 'field', name: word as FieldName }
  return p.fail(`unknown subject '${word}'; expected attribute:<name>, ${FIELD_NAMES.join(', ')}`, at)
}
