import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { newTarget, type TargetRecord } from './target.js'
import { targetHealthView } from './target-health-view.js'

const registered = newTarget({ targetGroupArn: 'tg', id: '10.0.0.1', port: 80 }, 100)
const healthy: TargetRecord = { ...registered, health: { state: 'healthy' } }
const unhealthy: TargetRecord = { ...registered, health: { state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' } }
const draining: TargetRecord = { ...healthy, state: 'draining', drainingSince: 200 }

describe('targetHealthView: what DescribeTargetHealth reports', () => {
  const cases: { name: string; target: TargetRecord | undefined; inUse: boolean; want: object }[] = [
    { name: 'not registered', target: undefined, inUse: true, want: { state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' } },
    { name: 'not registered, group unused', target: undefined, inUse: false, want: { state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' } },
    { name: 'draining', target: draining, inUse: true, want: { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' } },
    { name: 'draining beats not in use', target: draining, inUse: false, want: { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' } },
    { name: 'group serves no load balancer', target: healthy, inUse: false, want: { state: 'unused', reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' } },
    { name: 'just registered', target: registered, inUse: true, want: { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' } },
    { name: 'healthy: no reason', target: healthy, inUse: true, want: { state: 'healthy' } },
    { name: 'unhealthy: the controller’s reason', target: unhealthy, inUse: true, want: { state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' } },
  ]
  for (const c of cases) it(c.name, () => assert.deepEqual(targetHealthView(c.target, c.inUse), c.want))
})
