/**
 * ALB's wildcard patterns: `*` matches zero or more characters, `?` exactly one, everything
 * else itself. Patterns come from users, so matching must stay linear-ish whatever they write
 * (DESIGN.md: no user pattern may hold the event loop): no regular expressions, whose
 * backtracking on `*a*a*a*b` is polynomial in the pattern; the greedy matcher below
 * remembers only the last `*` and is O(pattern × input) at worst, with patterns ≤ 128
 * characters. Compiled once per apply, so the common shapes (exact, `prefix*`, `*suffix`,
 * `*`) cost one string comparison per request.
 */
export type StringMatcher = (input: string) => boolean

const STAR = 42 // '*'
const QUESTION = 63 // '?'

/** A matcher for `pattern`; `caseInsensitive` lowercases the pattern, and the caller lowercases the input. */
export function compileWildcard(pattern: string, caseInsensitive: boolean): StringMatcher {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern
  const stars = count(p, STAR)
  const questions = count(p, QUESTION)
  if (stars === 0 && questions === 0) return (s) => s === p
  if (questions === 0 && stars === p.length) return () => true
  if (questions === 0 && stars === 1) {
    if (p.charCodeAt(p.length - 1) === STAR) {
      const prefix = p.slice(0, -1)
      return (s) => s.startsWith(prefix)
    }
    if (p.charCodeAt(0) === STAR) {
      const suffix = p.slice(1)
      return (s) => s.endsWith(suffix)
    }
  }
  return (s) => matchWildcard(p, s)
}

/** True when `s` matches the whole of `p`. Greedy: on a mismatch, retry from the last `*` one character further. */
export function matchWildcard(p: string, s: string): boolean {
  let pi = 0
  let si = 0
  let star = -1
  let mark = 0
  while (si < s.length) {
    const pc = pi < p.length ? p.charCodeAt(pi) : -1
    if (pc === QUESTION || (pc !== STAR && pc === s.charCodeAt(si))) {
      pi++
      si++
    } else if (pc === STAR) {
      star = pi++
      mark = si
    } else if (star !== -1) {
      pi = star + 1
      si = ++mark
    } else {
      return false
    }
  }
  while (pi < p.length && p.charCodeAt(pi) === STAR) pi++
  return pi === p.length
}

function count(s: string, code: number): number {
  let n = 0
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === code) n++
  return n
}
