import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import ecsModel from '../../core/aws-model/ecs.json' with { type: 'json' }
import logsModel from '../../core/aws-model/logs.json' with { type: 'json' }
import type { ServiceModel } from './model.js'

/**
 * The input validator (validate-input.ts) tests every string a client sends against its
 * shape's `pattern` with JavaScript's backtracking RegExp. The patterns are the service
 * models', not a client's, which is what keeps that safe: none of them can backtrack
 * catastrophically. This holds the models Berth serves to that. A pattern that nests one
 * unbounded quantifier inside another (`(a+)+`, `(.*x)*`) or needs backtracking by nature
 * (lookaround, backreferences) fails it, and should move to RE2 (re2js) before its service
 * is served. (Application Auto Scaling's ResourceIdMaxLen1600, a lookahead over `.*(...)+.*`,
 * is such a pattern: cubic in the value's length.)
 */
const SERVED: Record<string, ServiceModel> = {
  ecs: ecsModel as unknown as ServiceModel,
  logs: logsModel as unknown as ServiceModel,
}

/** Why `source` could backtrack for long, or undefined. Escapes and classes are skipped whole. */
export function backtrackingHazard(source: string): string | undefined {
  if (/\(\?[=!<]/.test(source)) return 'lookaround'
  if (/\\[1-9]/.test(source)) return 'a backreference'
  // For each open group: does it hold an unbounded quantifier?
  const groups: boolean[] = []
  let lastGroupUnbounded = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    const unboundedAt = (j: number) => source[j] === '*' || source[j] === '+' || /^\{\d*,\}/.test(source.slice(j))
    if (c === '\\') {
      i++
      lastGroupUnbounded = false
    } else if (c === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++
      lastGroupUnbounded = false
    } else if (c === '(') {
      groups.push(false)
    } else if (c === ')') {
      lastGroupUnbounded = groups.pop() ?? false
      if (unboundedAt(i + 1) && lastGroupUnbounded) return 'an unbounded quantifier on a group that holds one'
      if (lastGroupUnbounded && groups.length > 0) groups[groups.length - 1] = true
    } else if (unboundedAt(i) && groups.length > 0) {
      groups[groups.length - 1] = true
    }
  }
  return undefined
}

describe('the patterns of the models Berth serves cannot backtrack catastrophically', () => {
  it('recognises the hazards it looks for', () => {
    for (const bad of ['(a+)+$', '^(.*x)*$', '(?!a).+', '(a)\\1', '((ab*)c)+']) assert.ok(backtrackingHazard(bad), bad)
    for (const ok of ['[a-z]+', '^([\\p{L}_.:/=+\\-@]*)$', '(\\^?[a-z]{3,24})(\\|\\^?[a-z]{3,24}){0,4}', '\\(a+\\)+', '[(a+)]+']) {
      assert.equal(backtrackingHazard(ok), undefined, ok)
    }
  })

  for (const [service, model] of Object.entries(SERVED)) {
    it(service, () => {
      const hazards = Object.entries(model.shapes).flatMap(([name, shape]) => {
        const why = shape.pattern === undefined ? undefined : backtrackingHazard(shape.pattern)
        return why ? [`${name}: ${shape.pattern} (${why})`] : []
      })
      assert.deepEqual(hazards, [])
    })
  }
})
