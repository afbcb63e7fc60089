import { LogsErrors } from '../../../core/errors.js'

/**
 * CloudWatch Logs filter patterns for unstructured events, compiled to a predicate on the
 * message. Matching is case-sensitive and by substring, as in Logs:
 *
 *   ""  or only spaces          every event
 *   ERROR Exception             both terms (AND)
 *   "Failed to process"         the exact phrase; \" escapes a quote inside
 *   ?ERROR ?WARN                any of the ?-terms (OR); with plain terms too, all plain terms
 *                               AND at least one ?-term
 *   ERROR -DEBUG                ERROR and not DEBUG; -"a phrase" excludes a phrase
 *   %time[a-z]+ out%            a regular expression (JavaScript syntax, Logs' is a subset)
 *
 * JSON patterns (`{ $.level = "error" }`) and space-delimited patterns (`[ip, user, ...]`) are
 * not implemented: they answer InvalidParameterException saying so, never a silent mismatch.
 */
export type MessagePredicate = (message: string) => boolean

interface Terms {
  all: string[]
  any: string[]
  none: string[]
}

const TERM = /(\?|-)?(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))|(")/gu

export function compileFilterPattern(pattern: string | undefined): MessagePredicate {
  const text = (pattern ?? '').trim()
  if (text === '') return () => true
  if (text.startsWith('{')) throw unsupported('JSON filter patterns ({ $.field = value })')
  if (text.startsWith('[')) throw unsupported('space-delimited filter patterns ([field, ...])')
  if (text.length >= 2 && text.startsWith('%') && text.endsWith('%')) return compileRegex(text.slice(1, -1))
  const terms = parseTerms(text)
  return (message) =>
    terms.all.every((t) => message.includes(t)) &&
    (terms.any.length === 0 || terms.any.some((t) => message.includes(t))) &&
    !terms.none.some((t) => message.includes(t))
}

function parseTerms(text: string): Terms {
  const terms: Terms = { all: [], any: [], none: [] }
  for (const m of text.matchAll(TERM)) {
    const [, sign, quoted, bare, stray] = m
    if (stray !== undefined) throw LogsErrors.invalidParameter(`Invalid filter pattern: an unterminated quote in ${text}`)
    const term = quoted !== undefined ? quoted.replace(/\\(.)/gu, '$1') : bare!
    if (term === '') continue
    if (sign === '?') terms.any.push(term)
    else if (sign === '-') terms.none.push(term)
    else terms.all.push(term)
  }
  return terms
}

function compileRegex(source: string): MessagePredicate {
  let re: RegExp
  try {
    re = new RegExp(source, 'u')
  } catch {
    throw LogsErrors.invalidParameter(`Invalid filter pattern: %${source}% is not a valid regular expression.`)
  }
  return (message) => re.test(message)
}

const unsupported = (what: string) =>
  LogsErrors.invalidParameter(
    `Berth does not support ${what}; it supports terms, "quoted phrases", ?any-of terms, -excluded terms and %regex% patterns.`,
  )
