import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import { spawn } from 'node:child_process'
import { DEFAULT_PARTITION } from '../core/config.js'
import { AWS_CLI, TEST_CREDENTIALS, awsCliEnv } from './server.js'

/** A CloudWatch Logs client for a test server; destroy it when done. */
export const logsClient = (endpoint: string): CloudWatchLogsClient =>
  new CloudWatchLogsClient({ endpoint, region: DEFAULT_PARTITION.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 })

/**
 * A long-running `aws ...` (e.g. `aws logs tail --follow`) as a child process whose output the
 * test reads while it runs. PYTHONUNBUFFERED: the CLI writes to a pipe, which Python would
 * otherwise buffer until exit.
 */
export interface CliProcess {
  /** Everything printed to stdout so far. */
  stdout(): string
  stderr(): string
  /** Resolves once stdout satisfies `done`; rejects after `timeoutMs` with what was printed. */
  waitFor(done: (stdout: string) => boolean, timeoutMs: number): Promise<string>
  /** Kills the process (SIGKILL) and waits for it to exit. */
  kill(): Promise<void>
}

export function spawnAwsCli(endpoint: string, args: readonly string[]): CliProcess {
  const child = spawn(AWS_CLI, [...args, '--endpoint-url', endpoint], {
    env: { ...awsCliEnv(), PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const listeners = new Set<() => void>()
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
    listeners.forEach((l) => l())
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    stdout: () => out,
    stderr: () => err,
    waitFor: (done, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!done(out)) return
          cleanup()
          resolve(out)
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`timed out after ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`))
        }, timeoutMs)
        const cleanup = () => {
          clearTimeout(timer)
          listeners.delete(check)
        }
        listeners.add(check)
        check()
      }),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}
