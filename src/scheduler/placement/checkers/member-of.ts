import { evaluateQuery } from '../../../core/query/index.js'
import type { Checker } from './checker.js'

/**
 * Every memberOf expression, the task definition's and the request's, must select the
 * instance. The snapshot's verdict comes from the cluster's cache; an expression that reads
 * `task:group` is evaluated again on an instance this request has already placed tasks on.
 */
export const checkMemberOf: Checker = (s, i) => {
  for (const m of s.memberOf) {
    const member = m.readsTaskGroups && s.placedOn(i) > 0 ? evaluateQuery(m.constraint.query, s.target(i)) : m.snapshot[i] === 1
    if (!member) return 'member-of'
  }
  return undefined
}
