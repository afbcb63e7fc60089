import type { CreateListenerInput, CreateListenerOutput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import { newElbId } from '../../../core/model/elb-arns.js'
import type { ListenerRecord } from '../../../core/model/listener.js'
import { LIMITS, type ElbOperation } from '../deps.js'
import { checkForwardTargets, requireLoadBalancer } from '../resolve.js'
import { addTags, checkTags } from '../tags.js'
import { listenerView } from '../views.js'
import { listenerSettings, sameSettings } from './listener-settings.js'

/**
 * A listener and its default rule. Idempotent with the same settings; the same port with other
 * settings on the same load balancer is DuplicateListener. Two load balancers may each have a
 * listener on one port: the data plane shares the socket and tells them apart by Host.
 */
export const createListener: ElbOperation<CreateListenerInput, CreateListenerOutput> = async (input, deps) => {
  const settings = listenerSettings(input, undefined, deps)
  const tags = checkTags(input.Tags)
  return deps.store.txn(async (tx) => {
    const lb = await requireLoadBalancer(tx, input.LoadBalancerArn)
    const listeners = await tx.listeners.forLoadBalancer(lb.arn)
    const onPort = listeners.find((l) => l.port === settings.port)
    if (onPort) {
      if (!sameSettings(onPort, settings)) throw ElbErrors.duplicateListener(lb.arn)
      return { Listeners: [listenerView(onPort)] }
    }
    if (listeners.length >= LIMITS.listenersPerLoadBalancer) throw ElbErrors.tooManyListeners(LIMITS.listenersPerLoadBalancer)
    await checkForwardTargets(tx, settings.defaultActions, lb.arn)
    const arn = deps.arns.listener(lb.arn, newElbId())
    const listener: ListenerRecord = { arn, loadBalancerArn: lb.arn, ...settings, defaultRuleArn: deps.arns.rule(arn, newElbId()) }
    await tx.listeners.put(listener)
    await addTags(tx, arn, tags)
    return { Listeners: [listenerView(listener)] }
  })
}
