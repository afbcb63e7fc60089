import type { StoreTable } from '../store.js'
import type { WriteContext } from './write-context.js'

/**
 * A repository whose named write methods tell the context they wrote `table` before they
 * run. For repositories whose rows carry no index of their own (the logs'): their writes
 * still wake the watchers of their table, and only those.
 */
export function touchingWrites<R extends object>(repo: R, ctx: WriteContext, table: StoreTable, writes: readonly (keyof R)[]): R {
  const out = { ...repo }
  for (const name of writes) {
    const method = repo[name]
    if (typeof method !== 'function') throw new Error(`${String(name)} is not a method of the ${table} repository`)
    out[name] = ((...args: unknown[]) => {
      ctx.touch(table)
      return (method as (...a: unknown[]) => unknown).apply(repo, args)
    }) as R[keyof R]
  }
  return out
}
