import type { ModifyListenerInput, ModifyListenerOutput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { ElbOperation } from '../deps.js'
import { checkForwardTargets, requireListener } from '../resolve.js'
import { listenerView } from '../views.js'
import { listenerSettings } from './listener-settings.js'

/** Replaces what the request sets; the rest is unchanged. A port another listener of the load balancer has is DuplicateListener. */
export const modifyListener: ElbOperation<ModifyListenerInput, ModifyListenerOutput> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const listener = await requireListener(tx, input.ListenerArn)
    const settings = listenerSettings(input, listener, deps)
    const others = (await tx.listeners.forLoadBalancer(listener.loadBalancerArn)).filter((l) => l.arn !== listener.arn)
    if (others.some((l) => l.port === settings.port)) throw ElbErrors.duplicateListener(listener.loadBalancerArn)
    await checkForwardTargets(tx, settings.defaultActions, listener.loadBalancerArn, listener.arn)
    const { certificate: _c, sslPolicy: _s, ...rest } = listener
    const next = { ...rest, ...settings }
    await tx.listeners.put(next)
    return { Listeners: [listenerView(next)] }
  })
