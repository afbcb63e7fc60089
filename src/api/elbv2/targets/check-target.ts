import type { TargetDescription } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { TargetGroupRecord } from '../../../core/model/target-group.js'
import type { ReadTx } from '../../../state/store.js'

/**
 * A target id of the group's type: an ip group's an IPv4 address; an instance group's the
 * `i-…` id of a container instance registered with Berth (its ec2InstanceId) and not
 * deregistered. Port defaults to the group's.
 */
export async function checkTarget(tx: ReadTx, group: TargetGroupRecord, t: TargetDescription, instances: InstanceIndex): Promise<{ id: string; port: number; availabilityZone?: string }> {
  if (group.targetType === 'ip') {
    if (!isIpv4(t.Id)) throw ElbErrors.invalidTarget(`The IP address '${t.Id}' is not a valid IPv4 address`)
  } else {
    if (!/^i-[0-9a-f]{8,17}$/.test(t.Id)) throw ElbErrors.invalidTarget(`The following targets are not valid instance IDs: '${t.Id}'`)
    const status = await instances.status(tx, t.Id)
    if (status === undefined) throw ElbErrors.invalidTarget(`The following targets are not registered container instances: '${t.Id}'`)
    if (status === 'INACTIVE') throw ElbErrors.invalidTarget(`The following targets are not in a running state and cannot be registered: '${t.Id}'`)
  }
  return { id: t.Id, port: t.Port ?? group.port, ...(t.AvailabilityZone !== undefined ? { availabilityZone: t.AvailabilityZone } : {}) }
}

const isIpv4 = (s: string) => /^(\d{1,3})(\.\d{1,3}){3}$/.test(s) && s.split('.').every((o) => Number(o) <= 255 && !/^0\d/.test(o))

/** Container instances by EC2 instance id, read once per request (every cluster's). */
export class InstanceIndex {
  #byId: Map<string, string> | undefined
  async status(tx: ReadTx, ec2InstanceId: string): Promise<string | undefined> {
    if (!this.#byId) {
      this.#byId = new Map()
      for (const cluster of await tx.clusters.list({ limit: 10_000 })) {
        for (let after: string | undefined; ; ) {
          const page = await tx.containerInstances.list({ clusterArn: cluster.arn, after, limit: 1000 })
          for (const ci of page) {
            // An id registered again keeps the status of its live registration.
            if (ci.ec2InstanceId !== undefined && (this.#byId.get(ci.ec2InstanceId) ?? 'INACTIVE') === 'INACTIVE') this.#byId.set(ci.ec2InstanceId, ci.status)
          }
          if (page.length < 1000) break
          after = page.at(-1)!.arn
        }
      }
    }
    return this.#byId.get(ec2InstanceId)
  }
}
