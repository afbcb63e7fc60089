import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { TASK_ENDPOINT_ADDRESS } from './ids.js'

const run = promisify(execFile)

/**
 * Puts 169.254.170.2/32 on the host's loopback interface, once (idempotent: an address already
 * there is left alone). Containers on the bridge and in awsvpc namespaces send to it through
 * their gateway, the host, which delivers it to the listener as to any of its own addresses: no
 * NAT rule, unlike the ECS agent's. Needs root (CAP_NET_ADMIN); without it this fails saying so.
 */
export async function ensureEndpointAddress(address = TASK_ENDPOINT_ADDRESS): Promise<void> {
  const hint = `the task endpoints need ${address} on this host: run the agent as root, or add it once yourself (ip addr add ${address}/32 dev lo), or turn them off (BERTH_TASK_ENDPOINT=off)`
  let shown: string
  try {
    shown = (await run('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo'])).stdout
  } catch (error) {
    throw new Error(`cannot list the loopback interface's addresses (${describe(error)}); ${hint}`)
  }
  if (shown.includes(` ${address}/`)) return
  try {
    await run('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo'])
  } catch (error) {
    // Another agent may have added it meanwhile.
    if ((await run('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo']).catch(() => ({ stdout: '' }))).stdout.includes(` ${address}/`)) return
    throw new Error(`cannot add ${address} to the loopback interface (${describe(error)}); ${hint}`)
  }
}

function describe(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr
  if (typeof stderr === 'string' && stderr.trim()) return stderr.trim()
  return error instanceof Error ? error.message : String(error)
}
