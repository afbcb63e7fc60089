import type { QueryTarget } from '../query/index.js'
import type { ContainerInstanceRecord } from './container-instance.js'
import { countTasks, taskGroups, type TaskFootprint } from './instance-resources.js'
import type { TaskRecord } from './task.js'

/** What a stored task takes from its instance, for remainingResources and placement. */
export function footprintOf(t: TaskRecord): TaskFootprint {
  return {
    status: t.lastStatus === 'STOPPED' ? 'STOPPED' : t.lastStatus === 'RUNNING' ? 'RUNNING' : 'PENDING',
    group: t.group,
    cpu: t.reservation.cpu,
    memory: t.reservation.memory,
    tcpPorts: t.reservation.tcpPorts,
    udpPorts: t.reservation.udpPorts,
  }
}

/** What the cluster query language sees of an instance holding `tasks`. */
export function queryTargetOf(ci: ContainerInstanceRecord, tasks: readonly TaskFootprint[]): QueryTarget {
  return {
    ec2InstanceId: ci.ec2InstanceId,
    agentConnected: ci.agentConnected,
    agentVersion: ci.versionInfo.agentVersion,
    registeredAt: ci.registeredAt,
    runningTasksCount: countTasks(tasks).running,
    taskGroups: taskGroups(tasks),
    attributes: ci.attributes,
  }
}
