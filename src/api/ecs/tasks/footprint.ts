import type { TaskFootprint } from '../../../core/model/instance-resources.js'
import type { TaskRecord } from '../../../core/model/task.js'

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

