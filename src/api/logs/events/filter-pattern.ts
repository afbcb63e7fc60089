import { RE2JS } from 're2js'
import { LogsErrors } from '../../../core/errors.js'
import { translateLogsRegex } from './regex-syntax.js'

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
 *   %time[a-z]+ out%            a regular expression in Logs' own subset (regex-syntax.ts), run
 *                               by RE2 (re2js): linear in the message, whatever the pattern
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
  const regex = filterPatternRegex(text)
  if (regex !== undefined) return compileRegex(regex)
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

/** The `%regex%` a pattern is, rewritten for RE2 and checked; undefined when it is not one. */
export function filterPatternRegex(pattern: string | undefined): string | undefined {
  const text = (pattern ?? '').trim()
  return text.length >= 2 && text.startsWith('%') && text.endsWith('%') ? translateLogsRegex(text.slice(1, -1)) : undefined
}

/**
 * A translated regex as a predicate. RE2 matches in time linear in the message (times the
 * program's size, which translateLogsRegex bounds): no pattern can make it backtrack.
 */
export function compileRegex(source: string): MessagePredicate {
  let re: RE2JS
  try {
    re = RE2JS.compile(source)
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    throw LogsErrors.invalidParameter(`Invalid filter pattern: %${source}% is not a valid regular expression (${why}).`)
  }
  return (message) => re.test(message)
}

const unsupported = (what: string) =>
  LogsErrors.invalidParameter(
    `Berth does not support ${what}; it supports terms, "quoted phrases", ?any-of terms, -excluded terms and %regex% patterns.`,
  )
