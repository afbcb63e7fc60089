import type { TaskReport } from '../../../core/agent-protocol.js'
import { applyAgentReport } from '../../../core/model/apply-agent-report.js'
import type { WriteTx } from '../../../state/store.js'

/** Copies the agent-owned fields of each report; tasks the server never placed on this instance are ignored. */
export async function applyReports(tx: WriteTx, instanceArn: string, reports: readonly TaskReport[], now: number): Promise<void> {
  for (const report of reports) {
    const task = await tx.tasks.get(report.taskArn)
    if (!task || task.containerInstanceArn !== instanceArn) continue
    const next = applyAgentReport(task, report, now)
    if (next) await tx.tasks.put(next)
  }
}
