import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** bin/berth.js of this checkout, from dist/testing/. */
export const BERTH_BIN = fileURLToPath(new URL('../../bin/berth.js', import.meta.url))

/** A `berth` process started by a test or a benchmark, on a port the OS picked. */
export interface SpawnedBerth {
  readonly endpoint: string
  readonly pid: number
  readonly child: ChildProcess
  /** Everything it printed on stdout so far (INFO lines). */
  stdout(): string
  /** Everything it printed on stderr so far (WARN and ERROR lines). */
  stderr(): string
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string>
  /** Sends `signal` and waits for the process to be gone. */
  stop(signal?: NodeJS.Signals): Promise<number | string>
}

/**
 * Runs `berth <command> --port 0 --data-dir <dataDir> ...extra` and resolves once it prints
 * that it is ready; rejects with its stderr if it exits first or takes longer than 15 s.
 */
export function spawnBerth(command: 'up' | 'server', dataDir: string, extra: readonly string[] = []): Promise<SpawnedBerth> {
  const child = spawn(process.execPath, [BERTH_BIN, command, '--port', '0', '--data-dir', dataDir, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // 169.254.170.2:80 is one per host: test files running at once must not contend for it.
    env: { ...process.env, BERTH_TASK_ENDPOINTS: process.env['BERTH_TASK_ENDPOINTS'] ?? 'off' },
  })
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)))
  let stdout = ''
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`berth ${command} was not ready in 15 s\n${stdout}${stderr}`))
    }, 15_000)
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s
      const endpoint = /API at (http:\/\/\S+)/.exec(stdout)?.[1]
      if (!endpoint || !/ready/.test(stdout)) return
      clearTimeout(timer)
      resolve({
        endpoint,
        pid: child.pid!,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        stop: (signal = 'SIGTERM') => (child.kill(signal), exited),
      })
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`berth ${command} exited (${code}) before it was ready\n${stdout}${stderr}`))
    })
  })
}
