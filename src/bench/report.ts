import type { Row } from './scenario.js'
import { median } from './stats.js'

/** The results as a markdown table: the median of the runs, each run, the target and whether it is met. */
export function formatTable(rows: readonly Row[]): string[] {
  const lines = ['| scenario | metric | median | runs | target | met |', '|---|---|---:|---|---|---|']
  for (const row of rows) {
    const value = median(row.runs)
    const target = row.target ? `${row.target.kind === 'below' ? '<' : '≥'} ${fmt(row.target.value)} ${row.unit}` : ''
    const met = !row.target ? '' : (row.target.kind === 'below' ? value < row.target.value : value >= row.target.value) ? 'yes' : '**no**'
    lines.push(`| ${row.scenario} | ${row.metric} | ${fmt(value)} ${row.unit} | ${row.runs.map(fmt).join(', ')} | ${target} | ${met} |`)
  }
  return lines
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US')
  return n.toFixed(Math.abs(n) >= 10 ? 1 : 2)
}
