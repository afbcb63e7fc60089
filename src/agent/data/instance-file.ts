import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * What the data folder remembers of the agent's container instance, so that a restarted agent
 * is the same instance (as the ECS agent's data folder does): its ARN, its cluster, and the
 * instance secret the server issued, which alone re-registers the instance and opens its
 * channel (core/agent-credentials.ts). Files written before instance secrets have none.
 */
export interface RememberedInstance {
  containerInstanceArn: string
  cluster: string
  instanceSecret?: string
}

const fileOf = (dataDir: string) => join(dataDir, 'instance.json')

export async function readInstanceFile(dataDir: string): Promise<RememberedInstance | undefined> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(fileOf(dataDir), 'utf8'))
  } catch {
    return undefined // none yet, or unreadable: the agent registers a new instance
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const { containerInstanceArn, cluster, instanceSecret } = parsed as Record<string, unknown>
  if (typeof containerInstanceArn !== 'string' || typeof cluster !== 'string') return undefined
  return { containerInstanceArn, cluster, ...(typeof instanceSecret === 'string' ? { instanceSecret } : {}) }
}

/** Written whole (a temporary file renamed over the old one), readable by its owner only: it holds a secret. */
export async function writeInstanceFile(dataDir: string, instance: RememberedInstance): Promise<void> {
  await mkdir(dataDir, { recursive: true })
  const file = fileOf(dataDir)
  await writeFile(file + '.tmp', JSON.stringify(instance), { mode: 0o600 })
  await rename(file + '.tmp', file)
}
