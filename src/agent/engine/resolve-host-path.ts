import { realpathSync } from 'node:fs'
import { posix } from 'node:path'

/**
 * A host path with its symbolic links resolved, as Docker will resolve it when it binds it:
 * realpath of the longest part that exists, then the rest as written (Docker creates a missing
 * bind source as a directory). For host-access checks: a link inside an allowed directory that
 * leads outside it is judged by where it leads.
 */
export function resolveHostPath(path: string): string {
  const rest: string[] = []
  let head = posix.normalize(path)
  for (;;) {
    try {
      return posix.join(realpathSync(head), ...rest)
    } catch {
      if (head === '/' || head === '.') return path
      rest.unshift(posix.basename(head))
      head = posix.dirname(head)
    }
  }
}
