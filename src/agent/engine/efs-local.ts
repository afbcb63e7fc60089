import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * EfsSettings.local on this host: `<dir>/<fsId>` is made when missing (owned by the agent's
 * user, as a fresh EFS file system's root is root's, mode 755), and `subdir` inside it must be a folder.
 */
export function localEfsFolder(dir: string, fsId: string, subdir: string): { path: string } | { missing: true } {
  const root = join(dir, fsId)
  mkdirSync(root, { recursive: true })
  const path = subdir ? join(root, subdir) : root
  try {
    return statSync(path).isDirectory() ? { path } : { missing: true }
  } catch {
    return { missing: true }
  }
}
