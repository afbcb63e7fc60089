import { deregistered, newTarget, reregistered } from '../../core/model/target.js'
import type { WriteTx } from '../../state/store.js'
import { elbReads } from './elb-reads.js'
import type { TargetChanges } from './load-balancing.js'

/**
 * Registers and deregisters a plan's targets as RegisterTargets and DeregisterTargets do: a
 * new target starts `initial`, a draining one is registered again; a deregistered one drains
 * (the load-balancer controller removes it once its requests are done or the group's
 * deregistration delay is over), or goes at once when no listener uses its group.
 */
export async function applyTargets(tx: WriteTx, changes: TargetChanges, now: number): Promise<void> {
  const seconds = Math.floor(now / 1000)
  for (const key of changes.register) {
    const existing = await tx.targets.get(key.targetGroupArn, key.id, key.port)
    if (!(await tx.targetGroups.get(key.targetGroupArn))) continue
    await tx.targets.put(existing ? reregistered(existing, seconds) : newTarget(key, seconds))
  }
  if (changes.deregister.length === 0) return
  const inUse = await elbReads(tx).inUse()
  for (const key of changes.deregister) {
    const existing = await tx.targets.get(key.targetGroupArn, key.id, key.port)
    if (!existing || existing.state === 'draining') continue
    if (inUse.has(key.targetGroupArn)) await tx.targets.put(deregistered(existing, seconds))
    else await tx.targets.delete(key.targetGroupArn, key.id, key.port)
  }
}
