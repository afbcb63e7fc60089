import type { DescribeTargetHealthInput, DescribeTargetHealthOutput, TargetHealthDescription } from '../../../core/aws-model/elbv2.types.js'
import { targetGroupsInUse } from '../../../core/model/elb-topology.js'
import type { TargetGroupRecord } from '../../../core/model/target-group.js'
import { targetHealthView } from '../../../core/model/target-health-view.js'
import type { TargetRecord } from '../../../core/model/target.js'
import type { ElbOperation } from '../deps.js'
import { requireTargetGroup, topology } from '../resolve.js'
import { InstanceIndex, checkTarget } from './check-target.js'

/**
 * Every registered target's health, or that of the targets named (an unregistered one is
 * `unused` / Target.NotRegistered, not an error; an id not of the group's type is InvalidTarget).
 */
export const describeTargetHealth: ElbOperation<DescribeTargetHealthInput, DescribeTargetHealthOutput> = async (input, deps) =>
  deps.store.read(async (tx) => {
    const group = await requireTargetGroup(tx, input.TargetGroupArn)
    const t = await topology(tx)
    const inUse = targetGroupsInUse(t.listeners, t.rules).has(group.arn)
    const registered = await tx.targets.forTargetGroup(group.arn)
    if (!input.Targets?.length) return { TargetHealthDescriptions: registered.map((r) => describe(group, r.id, r.port, r, inUse)) }
    const instances = new InstanceIndex()
    const out: TargetHealthDescription[] = []
    for (const asked of input.Targets) {
      const target = await checkTarget(tx, group, asked, instances)
      // Without a port, every registration of the id (ELB keys targets by id and port).
      const rows = asked.Port === undefined ? registered.filter((r) => r.id === target.id) : registered.filter((r) => r.id === target.id && r.port === target.port)
      if (rows.length === 0) out.push(describe(group, target.id, target.port, undefined, inUse))
      for (const r of rows) out.push(describe(group, r.id, r.port, r, inUse))
    }
    return { TargetHealthDescriptions: out }
  })

function describe(group: TargetGroupRecord, id: string, port: number, row: TargetRecord | undefined, inUse: boolean): TargetHealthDescription {
  const view = targetHealthView(row, inUse)
  return {
    Target: { Id: id, Port: port, ...(row?.availabilityZone !== undefined ? { AvailabilityZone: row.availabilityZone } : {}) },
    HealthCheckPort: group.healthCheck.port === 'traffic-port' ? String(port) : group.healthCheck.port,
    TargetHealth: {
      State: view.state,
      ...(view.reason !== undefined ? { Reason: view.reason as never } : {}),
      ...(view.description !== undefined ? { Description: view.description } : {}),
    },
    AdministrativeOverride: { State: 'no_override', Reason: 'AdministrativeOverride.NoOverride', Description: 'No override is currently active on target' },
  }
}
