import { spawn, type SpawnOptions } from 'node:child_process'
import type { ProcessExit, SupervisedProcess } from './supervisor.js'

/**
 * A child process as the supervisor sees it. Its stdout and stderr go to `output`; stop()
 * sends SIGTERM, then SIGKILL if it is still there after `graceMs`.
 */
export function spawnSupervised(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { graceMs?: number; output: (stream: 'stdout' | 'stderr', data: Buffer) => void },
): SupervisedProcess {
  const { graceMs = 10_000, output, ...spawnOptions } = options
  const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', (d: Buffer) => output('stdout', d))
  child.stderr?.on('data', (d: Buffer) => output('stderr', d))
  // 'error' without 'exit' is a process that never started; either settles this once.
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
    child.once('error', (error) => resolve({ code: null, signal: null, error }))
  })
  return {
    pid: child.pid,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        const kill = setTimeout(() => child.kill('SIGKILL'), graceMs)
        child.kill('SIGTERM')
        await exited
        clearTimeout(kill)
      }
      await exited
    },
  }
}
