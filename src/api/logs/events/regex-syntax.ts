import { LogsErrors } from '../../../core/errors.js'

/**
 * CloudWatch Logs' regular expressions, checked and rewritten for RE2 (re2js), a linear-time
 * engine. Logs accepts a small subset ("Supported regular expressions (regex) syntax" in the
 * CloudWatch Logs user guide), and refuses the rest:
 *
 *   characters   A–Z a–z 0–9, space, and the symbols  : _ # = @ / ; , -
 *   operators    ^ $ ? [ ] { } | \ * + .     — no ( ) : there are no groups
 *   escapes      \d \D \s \S \w \W, \xhh (any ASCII character, e.g. \x28 for "("), and \
 *                before an operator or a listed symbol for the character itself
 *   {m,n}        either bound may be left out: {3,} and {,5}; spaces inside are allowed
 *   no multi-byte characters
 *
 * Everything the subset holds means the same in RE2, but for two spellings RE2 reads as
 * literal text, which are rewritten: `{,n}` becomes `{0,n}` and `{m, n}` loses its space.
 *
 * The program RE2 builds grows with counted repeats (`.{1000}` is a thousand states), and
 * matching costs states × message length even in linear time, so a pattern is refused when its
 * repeats would expand past MAX_EXPANDED_ATOMS (`.{100}` ten times is 1,000). No pattern a
 * person writes to find log lines comes near it.
 */
export const MAX_EXPANDED_ATOMS = 1_000

const LITERAL = /^[A-Za-z0-9 :_#=@/;,-]$/
const SYMBOLS = ':_#=@/;,-'
const OPERATORS = '^$?[]{}|\\*+.'
const CLASS_ESCAPES = 'dDsSwW'

/** The pattern rewritten for RE2, or InvalidParameterException saying what Logs would not accept. */
export function translateLogsRegex(source: string): string {
  const refuse = (why: string) => LogsErrors.invalidParameter(`Invalid filter pattern: %${source}%: ${why}`)
  /** The escape at `i` (a backslash), checked; its length. */
  const escape = (i: number): number => {
    const n = source[i + 1]
    if (n === 'x' && /^[0-9A-Fa-f]{2}$/.test(source.slice(i + 2, i + 4))) return 4
    if (n !== undefined && (CLASS_ESCAPES.includes(n) || OPERATORS.includes(n) || SYMBOLS.includes(n))) return 2
    throw refuse(`the escape \\${n ?? ''} is not supported (\\d \\D \\s \\S \\w \\W \\xhh, or \\ before an operator or a symbol).`)
  }
  const checkCharacter = (c: string) => {
    if (c.charCodeAt(0) > 0x7f) throw refuse('multi-byte characters are not supported.')
    if (c === '(' || c === ')') throw refuse('parentheses are not supported; a regular expression has no groups.')
    if (!LITERAL.test(c) && !OPERATORS.includes(c)) {
      throw refuse(`'${c}' is not supported; match it with \\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}.`)
    }
  }
  if (source === '') throw refuse('the regular expression is empty.')
  let out = ''
  let expanded = 0
  /** How many characters the last atom matches: what a repeat after it multiplies. */
  let lastAtom = 0
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    checkCharacter(c)
    if (c === '\\') {
      const n = escape(i)
      out += source.slice(i, i + n)
      i += n - 1
      expanded += lastAtom = 1
    } else if (c === '{') {
      const close = source.indexOf('}', i)
      const bounds = /^\{ *(\d*) *(?:(,) *(\d*) *)?\}$/.exec(close < 0 ? '' : source.slice(i, close + 1))
      if (!bounds || (bounds[1] === '' && !bounds[3])) throw refuse('a repeat is written {m}, {m,}, {,n} or {m,n}.')
      const [, min = '', comma, max = ''] = bounds
      const low = min === '' ? 0 : Number(min)
      const high = comma === undefined ? low : max === '' ? low + 1 : Number(max)
      out += `{${low}${comma === undefined ? '' : `,${max}`}}`
      expanded += lastAtom * (Math.max(low, high, 1) - 1)
      lastAtom = 0
      i = close
    } else if (c === '[') {
      const end = classEnd(source, i)
      if (end < 0) throw refuse('a character class [ is not closed.')
      for (let j = i + 1; j < end; j++) {
        checkCharacter(source[j]!)
        if (source[j] === '\\') j += escape(j) - 1
      }
      out += source.slice(i, end + 1)
      expanded += lastAtom = 1
      i = end
    } else {
      out += c
      if (c === '.' || LITERAL.test(c)) expanded += lastAtom = 1
      else if (c === '|' || c === '^' || c === '$') lastAtom = 0
    }
    if (expanded > MAX_EXPANDED_ATOMS) throw refuse(`its repeats expand to more than ${MAX_EXPANDED_ATOMS} characters to match.`)
  }
  return out
}

/** Where the class opened at `open` closes: a `]` first (or after `^`) is a member, `\]` too. */
function classEnd(source: string, open: number): number {
  let i = open + 1
  if (source[i] === '^') i++
  if (source[i] === ']') i++
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++
    else if (source[i] === ']') return i
  }
  return -1
}
