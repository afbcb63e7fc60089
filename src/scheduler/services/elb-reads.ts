import { targetGroupsInUse } from '../../core/model/elb-topology.js'
import type { ListenerRecord } from '../../core/model/listener.js'
import type { RuleRecord } from '../../core/model/rule.js'
import type { ReadTx } from '../../state/store.js'

/**
 * The ELB topology as a reader needs it: every listener and rule, listed at most once by one
 * ElbReads. Deliberately not remembered beyond the object: a store passes the same ReadTx
 * object to every transaction (SqliteStore hands out its repositories), so a cache keyed by
 * the transaction outlived it and served listeners and rules from before later writes — a
 * target group a new rule put in use still looked unused, and its draining targets were
 * dropped with requests in flight.
 */
export interface ElbReads {
  listeners(): Promise<readonly ListenerRecord[]>
  rules(): Promise<readonly RuleRecord[]>
  /** The target groups a listener or rule forwards to (`Target.NotInUse` for the others). */
  inUse(): Promise<ReadonlySet<string>>
}

export function elbReads(tx: ReadTx): ElbReads {
  let listeners: Promise<readonly ListenerRecord[]> | undefined
  let rules: Promise<readonly RuleRecord[]> | undefined
  let inUse: Promise<ReadonlySet<string>> | undefined
  const reads: ElbReads = {
    listeners: () => (listeners ??= tx.listeners.list()),
    rules: () => (rules ??= tx.rules.list()),
    inUse: () => (inUse ??= Promise.all([reads.listeners(), reads.rules()]).then(([l, r]) => targetGroupsInUse(l, r))),
  }
  return reads
}
