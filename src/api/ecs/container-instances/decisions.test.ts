import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EcsArns } from '../../../core/arn.js'
import { DEFAULT_PARTITION } from '../../../core/config.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import type { ContainerInstanceStatus } from '../../../core/model/container-instance.js'
import type { TaskFootprint } from '../../../core/model/instance-resources.js'
import { newInstanceRecord, reregisteredRecord, type Registration } from './instance-record.js'
import { instanceArnOf } from './instance-ref.js'
import { mayDeregister, nextInstanceStatus, type SettableStatus } from './instance-status.js'
import { fakeEc2InstanceId, registrationAttributes } from './registration.js'

const arns = new EcsArns(DEFAULT_PARTITION)
const web = { name: 'web', arn: arns.cluster('web') } as ClusterRecord
const id = '0123456789abcdef0123456789abcdef'

describe('instanceArnOf', () => {
  const rows: { ref: string; want: string | undefined; why: string }[] = [
    { ref: id, want: arns.containerInstance('web', id), why: 'a bare id is in the request cluster' },
    { ref: arns.containerInstance('web', id), want: arns.containerInstance('web', id), why: 'a full ARN of this cluster' },
    { ref: arns.containerInstance('api', id), want: undefined, why: "another cluster's ARN" },
    { ref: `arn:aws:ecs:us-east-1:000000000000:container-instance/${id}`, want: arns.containerInstance('web', id), why: 'the old ARN form without a cluster' },
    { ref: `arn:aws:ecs:eu-west-1:000000000000:container-instance/web/${id}`, want: undefined, why: 'another region' },
    { ref: arns.cluster('web'), want: undefined, why: 'not an instance ARN' },
    { ref: 'has space', want: undefined, why: 'not an id' },
  ]
  for (const { ref, want, why } of rows) it(why, () => assert.equal(instanceArnOf(ref, web, arns), want))
})

describe('nextInstanceStatus', () => {
  const rows: { from: ContainerInstanceStatus; to: SettableStatus; want: ReturnType<typeof nextInstanceStatus> | string; why: string }[] = [
    { from: 'ACTIVE', to: 'DRAINING', want: { status: 'DRAINING', changed: true }, why: 'drain' },
    { from: 'DRAINING', to: 'ACTIVE', want: { status: 'ACTIVE', changed: true }, why: 'reactivate' },
    { from: 'ACTIVE', to: 'ACTIVE', want: { status: 'ACTIVE', changed: false }, why: 'same status: no change, no new version' },
    { from: 'INACTIVE', to: 'ACTIVE', want: 'INACTIVE', why: 'a deregistered instance cannot come back' },
    { from: 'REGISTERING', to: 'DRAINING', want: 'REGISTERING', why: 'ECS: only ACTIVE instances can drain' },
    { from: 'DEREGISTERING', to: 'ACTIVE', want: 'DEREGISTERING', why: 'ECS: describable, not updatable' },
  ]
  for (const { from, to, want, why } of rows) {
    it(`${from} → ${to}: ${why}`, () => {
      const got = nextInstanceStatus(from, to)
      if (typeof want === 'string') assert.equal('failure' in got && got.failure, want)
      else assert.deepEqual(got, want)
    })
  }
})

describe('mayDeregister', () => {
  const task = (status: TaskFootprint['status']): TaskFootprint => ({ status, group: 'g', cpu: 0, memory: 0, tcpPorts: [], udpPorts: [] })
  const rows: { tasks: TaskFootprint[]; force: boolean; want: boolean; why: string }[] = [
    { tasks: [], force: false, want: true, why: 'an empty instance' },
    { tasks: [task('RUNNING')], force: false, want: false, why: 'a running task blocks it' },
    { tasks: [task('PENDING')], force: false, want: false, why: 'a pending task blocks it' },
    { tasks: [task('STOPPED')], force: false, want: true, why: 'stopped tasks do not count' },
    { tasks: [task('RUNNING')], force: true, want: true, why: 'force orphans the tasks' },
  ]
  for (const { tasks, force, want, why } of rows) it(why, () => assert.equal(mayDeregister(tasks, force), want))
})

describe('registration attributes', () => {
  const names = (attrs: { name: string; value?: string }[]) => Object.fromEntries(attrs.map((a) => [a.name, a.value ?? null]))

  it('fills in what every instance needs, keeping what the agent reports', () => {
    assert.deepEqual(names(registrationAttributes([{ name: 'ecs.os-type', value: 'windows' }, { name: 'x' }], {}, 'eu-west-1')), {
      'ecs.os-type': 'windows',
      x: null,
      'ecs.availability-zone': 'eu-west-1a',
      'ecs.cpu-architecture': 'x86_64',
    })
  })

  it('lets the identity document override the agent, as EC2 metadata does on ECS', () => {
    const got = registrationAttributes([{ name: 'ecs.availability-zone', value: 'mine' }], { availabilityZone: 'us-east-1d', instanceType: 't3.nano' }, 'us-east-1')
    assert.equal(names(got)['ecs.availability-zone'], 'us-east-1d')
    assert.equal(names(got)['ecs.instance-type'], 't3.nano')
  })

  it('keeps the last value of a repeated name', () => {
    assert.equal(names(registrationAttributes([{ name: 'a', value: '1' }, { name: 'a', value: '2' }], {}, 'r'))['a'], '2')
  })
})

describe('re-registration', () => {
  const reg = (attributes: Registration['attributes']): Registration => ({ resources: [], attributes, versionInfo: {}, platformDevices: undefined, identity: {} })
  const first = newInstanceRecord(reg([{ name: 'custom', value: 'a' }, { name: 'ecs.capability.x' }]), {
    id, arn: arns.containerInstance('web', id), clusterArn: web.arn, now: 1000,
  })

  it('derives a stable EC2 id from the ARN', () => assert.equal(first.ec2InstanceId, fakeEc2InstanceId(first.arn)))

  it('keeps custom attributes, replaces the rest, and bumps version', () => {
    const next = reregisteredRecord({ ...first, status: 'DRAINING', agentConnected: true }, reg([{ name: 'ecs.capability.y' }]))
    assert.deepEqual(next.attributes, [{ name: 'ecs.capability.y' }, { name: 'custom', value: 'a' }])
    assert.deepEqual([next.status, next.agentConnected, next.version, next.registeredAt], ['DRAINING', true, 2, 1000])
  })

  it('lets a resent custom attribute take its new value', () => {
    assert.deepEqual(reregisteredRecord(first, reg([{ name: 'custom', value: 'b' }])).attributes, [{ name: 'custom', value: 'b' }])
  })
})
