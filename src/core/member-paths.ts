/**
 * Reading members out of a wire value by path: `overrides.containerOverrides[].environmentFiles`,
 * where `[]` steps into every item of a list. Used to name members Berth refuses.
 */

/** Every value at `path` in `value`, with its concrete path (`overrides.containerOverrides[1].environmentFiles`). */
export function valuesAt(value: unknown, path: string): { path: string; value: unknown }[] {
  let found = [{ path: '', value }]
  for (const step of path.split('.')) {
    const list = step.endsWith('[]')
    const name = list ? step.slice(0, -2) : step
    found = found.flatMap(({ path: at, value: v }) => {
      if (!isRecord(v) || !Object.hasOwn(v, name)) return []
      const here = at ? `${at}.${name}` : name
      const member = v[name]
      if (!list) return [{ path: here, value: member }]
      return Array.isArray(member) ? member.map((item: unknown, i) => ({ path: `${here}[${i}]`, value: item })) : []
    })
  }
  return found
}

/** A member that asks for something: false, [] and {} ask for nothing, as absence does. */
export const isSet = (v: unknown): boolean =>
  v !== undefined && v !== null && v !== false && !(Array.isArray(v) && v.length === 0) && !(isRecord(v) && Object.keys(v).length === 0)

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
