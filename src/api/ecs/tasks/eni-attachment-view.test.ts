import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskStatus } from '../../../core/status.js'
import { eniIds } from '../../../core/model/task-eni.js'
import type { TaskRecord } from '../../../core/model/task.js'
import { mockTask } from '../../../testing/mock.js'
import { viewContainerNetworkInterfaces, viewTaskAttachments } from './eni-attachment-view.js'
import { viewTask } from './task-view.js'

const NIC = { privateIpv4Address: '172.17.0.5', macAddress: '02:42:ac:11:00:05' }
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'], securityGroups: ['sg-0123'], assignPublicIp: 'DISABLED' as const } }
const task = (over: Partial<TaskRecord>): TaskRecord => mockTask({ id: '9f0e8d7c6b5a49382716a5b4c3d2e1f0', networkMode: 'awsvpc', networkConfiguration: NETWORK, ...over })

describe('an awsvpc task’s ElasticNetworkInterface attachment', () => {
  const ids = eniIds(task({}).arn)

  it('derives stable ids shaped as ECS’s and EC2’s from the task ARN', () => {
    assert.match(ids.attachmentId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.match(ids.networkInterfaceId, /^eni-[0-9a-f]{17}$/)
    assert.deepEqual(eniIds(task({}).arn), ids, 'the same task, the same ids')
    assert.notDeepEqual(eniIds(task({ id: 'another' }).arn), ids)
  })

  const full = [
    { name: 'subnetId', value: 'subnet-0a1b2c3d' },
    { name: 'networkInterfaceId', value: ids.networkInterfaceId },
    { name: 'macAddress', value: '02:42:ac:11:00:05' },
    { name: 'privateDnsName', value: 'ip-172-17-0-5.us-east-1.compute.internal' },
    { name: 'privateIPv4Address', value: '172.17.0.5' },
  ]
  const cases: { name: string; lastStatus: TaskStatus; over?: Partial<TaskRecord>; noNetwork?: boolean; status: string; details: { name: string; value: string }[] }[] = [
    { name: 'placed, no address yet', lastStatus: 'PROVISIONING', status: 'PRECREATED', details: [full[0]!] },
    { name: 'pulling, no address yet', lastStatus: 'PENDING', status: 'PRECREATED', details: [full[0]!] },
    { name: 'its holder runs', lastStatus: 'PENDING', over: { networkInterface: NIC }, status: 'ATTACHED', details: full },
    { name: 'running', lastStatus: 'RUNNING', over: { networkInterface: NIC }, status: 'ATTACHED', details: full },
    { name: 'stopped, keeping what it had', lastStatus: 'STOPPED', over: { networkInterface: NIC }, status: 'DELETED', details: full },
    { name: 'stopped before it had an address', lastStatus: 'STOPPED', status: 'DELETED', details: [full[0]!] },
    { name: 'no MAC reported', lastStatus: 'RUNNING', over: { networkInterface: { privateIpv4Address: '172.17.0.5' } }, status: 'ATTACHED', details: full.filter((d) => d.name !== 'macAddress') },
    { name: 'RunTask gave no network configuration', lastStatus: 'RUNNING', over: { networkInterface: NIC }, noNetwork: true, status: 'ATTACHED', details: full.slice(1) },
  ]
  for (const c of cases) {
    it(`${c.name}: ${c.status}`, () => {
      const given = task({ lastStatus: c.lastStatus, ...c.over })
      const { networkConfiguration: _network, ...bare } = given
      const t = c.noNetwork ? bare : given
      assert.deepEqual(viewTaskAttachments(t), [{ id: ids.attachmentId, type: 'ElasticNetworkInterface', status: c.status, details: c.details }])
    })
  }

  it('names the region of the task’s ARN in privateDnsName', () => {
    const t = task({ lastStatus: 'RUNNING', networkInterface: NIC })
    const west = { ...t, arn: t.arn.replace(':us-east-1:', ':eu-west-1:') }
    assert.equal(viewTaskAttachments(west)[0]?.details?.find((d) => d.name === 'privateDnsName')?.value, 'ip-172-17-0-5.eu-west-1.compute.internal')
  })

  it('gives every container the interface once it has an address, and DescribeTasks shows both', () => {
    const t = task({
      lastStatus: 'RUNNING',
      networkInterface: NIC,
      containers: [
        { name: 'web', containerArn: 'c1', image: 'web', essential: true, lastStatus: 'RUNNING', networkBindings: [] },
        { name: 'side', containerArn: 'c2', image: 'side', essential: false, lastStatus: 'RUNNING', networkBindings: [] },
      ],
    })
    const shown = viewTask(t)
    assert.deepEqual(shown.attachments, viewTaskAttachments(t))
    for (const c of shown.containers ?? []) {
      assert.deepEqual(c.networkInterfaces, [{ attachmentId: ids.attachmentId, privateIpv4Address: '172.17.0.5' }])
      assert.deepEqual(c.networkBindings, [])
    }
    assert.deepEqual(viewContainerNetworkInterfaces(task({ lastStatus: 'PENDING' })), [], 'none before it has an address')
  })

  it('shows no attachment and no interface for a task of another network mode', () => {
    const bridge = mockTask({ lastStatus: 'RUNNING' })
    assert.deepEqual([viewTask(bridge).attachments, viewTask(bridge).containers?.[0]?.networkInterfaces ?? []], [[], []])
  })
})
