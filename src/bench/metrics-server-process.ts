import { hashInstanceSecret } from '../core/agent-credentials.js'
import { mockInstance, mockTask } from '../testing/mock.js'
import { startTestServer } from '../testing/server.js'
import { call } from './scenario.js'

/**
 * The control plane of the metrics-ingestion scenario, in a process of its own so its CPU
 * time is its alone: composed by startTestServer (composeControlPlane, the controllers and the
 * metric store Berth runs, an in-memory store), computing AWS/ECS figures every 5 s as by
 * default. It registers `instances` container instances of the cluster, each with `tasks`
 * one-container tasks RUNNING, and tells its parent over IPC:
 *   → { type: 'ready', endpoint, joinToken, cluster, instances: [{ arn, secret, tasks: [arn] }] }
 *   ← 'stop' → exits once the control plane has stopped
 */
const [instancesArg, tasksArg] = process.argv.slice(2)
if (!instancesArg || !tasksArg || !process.send) throw new Error('usage: fork(metrics-server-process.js, [instances, tasks per instance]) with an IPC channel')
const send = process.send.bind(process)
const INSTANCES = Number(instancesArg)
const TASKS = Number(tasksArg)
const CLUSTER = 'bench-metrics'

// Agents heartbeat every 10 s; the scenario sends them, but a window must never be cut short.
const server = await startTestServer({ agentSilenceTimeoutMs: 600_000 })
await call(server.endpoint, 'CreateCluster', { clusterName: CLUSTER })
const hex = (n: number, width = 32) => n.toString(16).padStart(width, '0')
const instances = Array.from({ length: INSTANCES }, (_, i) => {
  const secret = `bench-secret-${i}`
  const record = mockInstance({ cluster: CLUSTER, id: hex(i + 1), agentSecretHash: hashInstanceSecret(secret), agentConnected: false })
  // Task j of every instance belongs to service svc-j: 20 services of 50 tasks, each task 256 units and 512 MiB.
  const tasks = Array.from({ length: TASKS }, (_, j) =>
    mockTask({
      cluster: CLUSTER,
      id: hex((i + 1) * 1000 + j, 32).replace(/^0/, 'e'),
      containerInstanceArn: record.arn,
      group: `service:svc-${j}`,
      lastStatus: 'RUNNING',
      cpu: '256',
      memory: '512',
      reservation: { cpu: 256, memory: 512, tcpPorts: [], udpPorts: [] },
    }),
  )
  return { record, secret, tasks }
})
await server.store.txn(async (tx) => {
  for (const i of instances) {
    await tx.containerInstances.put(i.record)
    for (const t of i.tasks) await tx.tasks.put(t)
  }
})
send({
  type: 'ready',
  endpoint: server.endpoint,
  joinToken: server.joinToken,
  cluster: CLUSTER,
  instances: instances.map((i) => ({ arn: i.record.arn, secret: i.secret, tasks: i.tasks.map((t) => t.arn) })),
})
process.on('message', (message) => {
  if (message === 'stop') void server.close().then(() => process.exit(0))
})
