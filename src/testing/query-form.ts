import type { ServiceModel, Shape } from '../api/shapes/model.js'

/**
 * Writes a value as the flat form of a query request, led by the model as botocore's
 * QuerySerializer is (lists as `.member.N`, maps as `.entry.N.key/value`, `locationName` and
 * `flattened` honoured). Values that do not fit their shape are written anyway (objects as
 * JSON, anything else as its string): fuzzing wants exactly those. The inverse of
 * api/protocols/query-input.ts.
 */
export function toQueryForm(model: ServiceModel, shapeName: string, value: unknown): [string, string][] {
  const out: [string, string][] = []
  const shapeOf = (name: string): Shape | undefined => model.shapes[name]

  function write(shape: Shape | undefined, path: string, v: unknown): void {
    if (v === undefined) return
    if (shape?.type === 'structure' && isObject(v)) {
      const members = shape.members ?? {}
      for (const [name, member] of Object.entries(v)) {
        const ref = Object.hasOwn(members, name) ? members[name] : undefined
        write(ref ? shapeOf(ref.shape) : undefined, join(path, ref?.locationName ?? name), member)
      }
    } else if (shape?.type === 'list' && Array.isArray(v)) {
      const member = shape.member!
      const items = shape.flattened || member.flattened ? path : `${path}.${member.locationName ?? 'member'}`
      if (v.length === 0) out.push([path, ''])
      v.forEach((item, i) => write(shapeOf(member.shape), `${items}.${i + 1}`, item))
    } else if (shape?.type === 'map' && isObject(v)) {
      const entries = shape.flattened ? path : `${path}.entry`
      Object.entries(v).forEach(([key, item], i) => {
        out.push([`${entries}.${i + 1}.${shape.key!.locationName ?? 'key'}`, key])
        write(shapeOf(shape.value!.shape), `${entries}.${i + 1}.${shape.value!.locationName ?? 'value'}`, item)
      })
    } else if (shape?.type === 'timestamp' && typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 8.64e12) {
      out.push([path, new Date(v * 1000).toISOString()])
    } else {
      out.push([path || 'Value', typeof v === 'object' && v !== null ? safeJson(v) : String(v)])
    }
  }

  write(shapeOf(shapeName), '', value)
  return out
}

/** The form as a request body: application/x-www-form-urlencoded (lone surrogates become U+FFFD, as UTF-8 must). */
export const formBody = (pairs: readonly [string, string][]): string => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')

const encode = (s: string) => encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'))

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const join = (path: string, name: string) => (path ? `${path}.${name}` : name)
const safeJson = (v: unknown) => {
  try {
    return JSON.stringify(v) ?? ''
  } catch {
    return '[deep]'
  }
}
