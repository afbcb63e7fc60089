/**
 * Tiny structural checks for data read from the wire (`unknown`): each check answers why a
 * value does not fit, naming where (`tasks[2].containers[0].name`), or undefined when it does.
 * Just enough to parse the agent channel's frames without a schema library.
 */
export type Check = (value: unknown, path: string) => string | undefined

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export const str: Check = (v, path) => (typeof v === 'string' ? undefined : `${path} is not a string`)
export const bool: Check = (v, path) => (typeof v === 'boolean' ? undefined : `${path} is not a boolean`)
/** A finite number (JSON has no NaN, but a number can overflow to Infinity nowhere: still checked). */
export const num: Check = (v, path) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `${path} is not a finite number`)
export const nonNegative: Check = (v, path) => num(v, path) ?? ((v as number) >= 0 ? undefined : `${path} is negative`)
/** A safe non-negative integer: sequence numbers, versions, epoch milliseconds. */
export const count: Check = (v, path) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? undefined : `${path} is not a non-negative integer`)
export const anyObject: Check = (v, path) => (isRecord(v) ? undefined : `${path} is not an object`)

export const oneOf =
  (values: readonly unknown[]): Check =>
  (v, path) =>
    values.includes(v) ? undefined : `${path} is not one of ${values.map((x) => JSON.stringify(x)).join(', ')}`

export const arrayOf =
  (item: Check): Check =>
  (v, path) => {
    if (!Array.isArray(v)) return `${path} is not an array`
    for (let i = 0; i < v.length; i++) {
      const why = item(v[i], `${path}[${i}]`)
      if (why) return why
    }
    return undefined
  }

/** An object with these members; those in `optional` may be absent. Other members pass (newer peers may add some). */
export const shape =
  (required: Record<string, Check>, optional: Record<string, Check> = {}): Check =>
  (v, path) => {
    if (!isRecord(v)) return `${path} is not an object`
    for (const [key, check] of Object.entries(required)) {
      const why = check(v[key], `${path}.${key}`)
      if (why) return why
    }
    for (const [key, check] of Object.entries(optional)) {
      if (v[key] === undefined) continue
      const why = check(v[key], `${path}.${key}`)
      if (why) return why
    }
    return undefined
  }

/** An object whose every member is a string (environment variables). */
export const stringMap: Check = (v, path) => {
  if (!isRecord(v)) return `${path} is not an object`
  for (const [key, value] of Object.entries(v)) if (typeof value !== 'string') return `${path}.${key} is not a string`
  return undefined
}

/** A dotted-quad IPv4 address (no leading zeros, each part at most 255). */
export const ipv4: Check = (v, path) =>
  typeof v === 'string' && /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(v) && v.split('.').every((o) => Number(o) <= 255) ? undefined : `${path} is not an IPv4 address`

/** A MAC address as Docker and ECS write it: six lower-case hex pairs separated by colons. */
export const macAddress: Check = (v, path) => (typeof v === 'string' && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(v) ? undefined : `${path} is not a MAC address`)
