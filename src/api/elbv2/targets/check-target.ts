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

/**
 * The attribute the ECS agent reports its EC2 instance's VPC in (from the instance metadata).
 * Berth's own agent runs on no EC2 and reports none; an instance registered with one (the real
 * agent's, or `register-container-instance --attributes`) is held to it.
 */
export const VPC_ATTRIBUTE = 'ecs.vpc-id'

/** Container instances by EC2 instance id, read once per request (every cluster's). */
export class InstanceIndex {
  #byId: Map<string, { status: string; vpcId: string | undefined }> | undefined
  async #index(tx: ReadTx) {
    if (!this.#byId) {
      const byId = new Map<string, { status: string; vpcId: string | undefined }>()
      for (const cluster of await tx.clusters.list({ limit: 10_000 })) {
        for (let after: string | undefined; ; ) {
          const page = await tx.containerInstances.list({ clusterArn: cluster.arn, after, limit: 1000 })
          for (const ci of page) {
            // An id registered again keeps the status of its live registration.
            if (ci.ec2InstanceId !== undefined && (byId.get(ci.ec2InstanceId)?.status ?? 'INACTIVE') === 'INACTIVE') {
              byId.set(ci.ec2InstanceId, { status: ci.status, vpcId: ci.attributes.find((a) => a.name === VPC_ATTRIBUTE)?.value })
            }
          }
          if (page.length < 1000) break
          after = page.at(-1)!.arn
        }
      }
      this.#byId = byId
    }
    return this.#byId
  }
  async status(tx: ReadTx, ec2InstanceId: string): Promise<string | undefined> {
    return (await this.#index(tx)).get(ec2InstanceId)?.status
  }
  /** The VPC the instance reported (`ecs.vpc-id`), if it reported one. */
  async vpcOf(tx: ReadTx, ec2InstanceId: string): Promise<string | undefined> {
    return (await this.#index(tx)).get(ec2InstanceId)?.vpcId
  }
}
