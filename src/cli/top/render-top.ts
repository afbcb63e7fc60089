import type { TopView } from './top-view.js'

/**
 * One frame of `berth top`, as lines: three tables (clusters, instances, services) under a
 * header line. Pure: the view, where it came from and when are all it reads.
 */
export function renderTop(view: TopView, source: { endpoint: string; at: Date; error?: string | undefined }): string[] {
  const header = `berth top — ${source.endpoint} — ${source.at.toISOString().slice(11, 19)} UTC`
  const lines = [header, ...(source.error ? [`! ${source.error}`] : []), '']
  lines.push(
    ...table(
      1,
      ['CLUSTER', 'SERVICES', 'INSTANCES', 'RUNNING', 'PENDING', 'CPU', 'MEMORY'],
      view.clusters.map((c) => [c.name, n(c.services), n(c.instances), n(c.runningTasks), n(c.pendingTasks), pct(c.cpu), pct(c.memory)]),
    ),
    '',
    ...table(
      3,
      ['INSTANCE', 'CLUSTER', 'AGENT', 'TASKS', 'CPU RESERVED', 'MEM RESERVED'],
      view.instances.map((i) => [i.id, i.cluster, i.agentConnected ? 'connected' : 'DISCONNECTED', n(i.runningTasks), pct(i.cpuReserved), pct(i.memoryReserved)]),
    ),
    '',
    ...table(
      2,
      ['SERVICE', 'CLUSTER', 'DESIRED', 'RUNNING', 'PENDING', 'CPU', 'MEMORY'],
      view.services.map((s) => [s.name, s.cluster, n(s.desired), n(s.running), n(s.pending), pct(s.cpu), pct(s.memory)]),
    ),
  )
  return lines
}

const n = (v: number): string => String(v)
/** A ratio as a percent with one decimal; `-` when there is no recent datapoint. */
export const pct = (ratio: number | undefined): string => (ratio === undefined || Number.isNaN(ratio) ? '-' : `${(ratio * 100).toFixed(1)}%`)

/** Columns padded to their widest cell: the first `left` left-aligned (names), the rest right-aligned (figures). */
function table(left: number, head: readonly string[], rows: readonly string[][]): string[] {
  if (rows.length === 0) return [head.join('  '), '(none)']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(head), ...rows.map(line)]
}
