import { targetGroupsInUse } from '../../core/model/elb-topology.js'
import type { ListenerRecord } from '../../core/model/listener.js'
import type { RuleRecord } from '../../core/model/rule.js'
import type { ReadTx } from '../../state/store.js'

/**
 * Every listener and rule, read once per store transaction however many services look: a
 * scheduler pass reads a chunk of services in one read transaction, and decides again and
 * writes each in one write transaction (its snapshot, its targets, its rules). Before this the
 * whole ELB topology was read per service and again two or three times inside the write.
 * Whoever writes listeners or rules in the transaction calls `forgetElbReads` after.
 */
export interface ElbReads {
  listeners(): Promise<readonly ListenerRecord[]>
  rules(): Promise<readonly RuleRecord[]>
  /** The target groups a listener or rule forwards to (`Target.NotInUse` for the others). */
  inUse(): Promise<ReadonlySet<string>>
}

const memo = new WeakMap<ReadTx, ElbReads>()

export function elbReads(tx: ReadTx): ElbReads {
  let reads = memo.get(tx)
  if (reads) return reads
  let listeners: Promise<readonly ListenerRecord[]> | undefined
  let rules: Promise<readonly RuleRecord[]> | undefined
  let inUse: Promise<ReadonlySet<string>> | undefined
  reads = {
    listeners: () => (listeners ??= tx.listeners.list()),
    rules: () => (rules ??= tx.rules.list()),
    inUse: () => (inUse ??= Promise.all([reads!.listeners(), reads!.rules()]).then(([l, r]) => targetGroupsInUse(l, r))),
  }
  memo.set(tx, reads)
  return reads
}

/** After a write to listeners or rules: the next read of the transaction sees it. */
export function forgetElbReads(tx: ReadTx): void {
  memo.delete(tx)
}
