import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, totalmem } from 'node:os'

/** What the figures were taken on: they mean nothing without it. */
export function describeMachine(dataDir: string, loadAtStart: readonly number[]): string[] {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readOrEmpty('/proc/cpuinfo'))?.[1] ?? 'unknown CPU'
  return [
    `- date: ${new Date().toISOString().slice(0, 10)}`,
    `- CPUs: ${availableParallelism()} (nproc), ${cpu}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node.js: ${process.version}`,
    `- store: SQLite WAL, synchronous=FULL, on ${filesystemOf(dataDir)}`,
    // Other work on a shared machine moves every figure; this says how busy it was.
    `- load average before the bench started: ${loadAtStart.map((n) => n.toFixed(2)).join(', ')} (1, 5, 15 min)`,
  ]
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/** The filesystem type of a folder, from `df -T` (the fsync cost of every write depends on it). */
function filesystemOf(dir: string): string {
  try {
    const line = execFileSync('df', ['-T', dir], { encoding: 'utf8' }).trim().split('\n')[1] ?? ''
    const [device, type] = line.split(/\s+/)
    return `${type} (${device})`
  } catch {
    return 'an unknown filesystem'
  }
}
