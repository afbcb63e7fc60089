import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskDefinition, TaskOverride } from '../aws-model/ecs.types.js'
import { taskReservation } from './task-demand.js'

const td = (over: Partial<TaskDefinition> = {}): TaskDefinition => ({
  family: 'web',
  revision: 1,
  containerDefinitions: [
    { name: 'app', image: 'web', cpu: 256, memory: 512, portMappings: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 0 }] },
    { name: 'side', image: 'side', cpu: 0, memoryReservation: 64, portMappings: [{ containerPort: 53, hostPort: 5353, protocol: 'udp' }] },
  ],
  ...over,
})

describe('taskReservation', () => {
  const rows: { why: string; td: TaskDefinition; overrides?: TaskOverride; want: ReturnType<typeof taskReservation> }[] = [
    {
      why: 'sums containers; soft memory counts where there is no hard limit; dynamic ports hold nothing',
      td: td(),
      want: { cpu: 256, memory: 576, tcpPorts: [8080], udpPorts: [5353] },
    },
    { why: 'task-level sizes win over the containers’', td: td({ cpu: '1 vCPU', memory: '2 GB' }), want: { cpu: 1024, memory: 2048, tcpPorts: [8080], udpPorts: [5353] } },
    {
      why: 'host networking holds the container port itself',
      td: td({ networkMode: 'host', containerDefinitions: [{ name: 'a', image: 'a', memory: 10, portMappings: [{ containerPort: 9000 }] }] }),
      want: { cpu: 0, memory: 10, tcpPorts: [9000], udpPorts: [] },
    },
    { why: 'awsvpc tasks have their own address: no host ports', td: td({ networkMode: 'awsvpc' }), want: { cpu: 256, memory: 576, tcpPorts: [], udpPorts: [] } },
    {
      why: 'container overrides change what is reserved',
      td: td(),
      overrides: { containerOverrides: [{ name: 'app', cpu: 128, memory: 1024 }] },
      want: { cpu: 128, memory: 1088, tcpPorts: [8080], udpPorts: [5353] },
    },
    { why: 'a task-level override beats everything', td: td(), overrides: { memory: '300' }, want: { cpu: 256, memory: 300, tcpPorts: [8080], udpPorts: [5353] } },
  ]
  for (const row of rows) it(row.why, () => assert.deepEqual(taskReservation(row.td, row.overrides ?? {}), row.want))

})
