import type { ApiError } from '../../core/errors.js'
import type { MemberRef, ServiceModel, Shape } from '../shapes/model.js'

/**
 * Turns the flat form of a query request into the operation's input structure, led by the
 * model, the inverse of botocore's QuerySerializer:
 *
 *   Names.member.1=a&Names.member.2=b                  → { Names: ['a', 'b'] }
 *   Names=                                             → { Names: [] }  (an empty list)
 *   Conditions.member.1.PathPatternConfig.Values.member.1=/api/*
 *                                                      → { Conditions: [{ PathPatternConfig: { Values: ['/api/*'] } }] }
 *   Attrs.entry.1.key=k&Attrs.entry.1.value=v          → { Attrs: { k: 'v' } }
 *   Port=80&Enabled=true&StartTime=2024-01-01T00:00:00Z → { Port: 80, Enabled: true, StartTime: 1704067200 }
 *
 * Member names come from `locationName` when the model gives one; flattened lists and maps
 * drop the `member`/`entry` step. Scalars are coerced to the model's types: timestamps become
 * epoch seconds, as in the generated wire types. Keys the model does not know are ignored, as
 * JSON members are: newer SDKs send members this model predates.
 */
export type FormParams = ReadonlyMap<string, string>

export function parseQueryInput(
  model: ServiceModel,
  shapeName: string,
  params: FormParams,
  invalid: (message: string) => ApiError,
): Record<string, unknown> {
  // Every dotted prefix of every key, so "is anything under Conditions.member.3?" is one lookup.
  const prefixes = new Set<string>()
  for (const key of params.keys()) {
    let dot = key.indexOf('.')
    while (dot >= 0) {
      prefixes.add(key.slice(0, dot))
      dot = key.indexOf('.', dot + 1)
    }
  }
  const present = (path: string) => params.has(path) || prefixes.has(path)
  const shapeOf = (ref: MemberRef): Shape => {
    const shape = model.shapes[ref.shape]
    if (!shape) throw new Error(`model has no shape ${ref.shape}`)
    return shape
  }

  function read(shape: Shape, path: string): unknown {
    switch (shape.type) {
      case 'structure':
        return readStructure(shape, path)
      case 'list':
        return readList(shape, path)
      case 'map':
        return readMap(shape, path)
      default: {
        const raw = params.get(path)
        return raw === undefined ? undefined : coerce(shape, raw, path, invalid)
      }
    }
  }

  function readStructure(shape: Shape, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const memberPath = join(path, ref.locationName ?? name)
      if (!present(memberPath)) continue
      const value = read(shapeOf(ref), memberPath)
      if (value !== undefined) out[name] = value
    }
    return out
  }

  function readList(shape: Shape, path: string): unknown[] | undefined {
    const member = shape.member!
    const itemsPath = shape.flattened || member.flattened ? path : `${path}.${member.locationName ?? 'member'}`
    const items: unknown[] = []
    for (let i = 1; present(`${itemsPath}.${i}`); i++) items.push(read(shapeOf(member), `${itemsPath}.${i}`))
    if (items.length === 0 && params.has(path)) {
      // botocore sends `Names=` for an empty list; anything else there is not a list.
      if (params.get(path) !== '') throw invalid(`${path} must be a list, sent as ${itemsPath}.1, ${itemsPath}.2, …`)
      return []
    }
    return items.length > 0 ? items : undefined
  }

  function readMap(shape: Shape, path: string): Record<string, unknown> | undefined {
    const entriesPath = shape.flattened ? path : `${path}.entry`
    const keyName = shape.key!.locationName ?? 'key'
    const valueName = shape.value!.locationName ?? 'value'
    const out: Record<string, unknown> = {}
    for (let i = 1; present(`${entriesPath}.${i}`); i++) {
      const key = params.get(`${entriesPath}.${i}.${keyName}`)
      if (key === undefined) throw invalid(`${entriesPath}.${i} has no ${keyName}.`)
      out[key] = read(shapeOf(shape.value!), `${entriesPath}.${i}.${valueName}`)
    }
    return Object.keys(out).length > 0 ? out : params.get(path) === '' ? {} : undefined
  }

  return readStructure(shapeOf({ shape: shapeName }), '')
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name)

/** ISO 8601 date-times as botocore writes them (`2024-01-01T00:00:00Z`, `.123456Z`, offsets). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

function coerce(shape: Shape, raw: string, path: string, invalid: (message: string) => ApiError): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long':
      if (!/^[+-]?\d+$/.test(raw)) throw invalid(`Invalid value '${raw}' for ${path}: expected an integer.`)
      return Number(raw)
    case 'double':
    case 'float': {
      const n = raw.trim() === '' ? NaN : Number(raw)
      if (!Number.isFinite(n)) throw invalid(`Invalid value '${raw}' for ${path}: expected a number.`)
      return n
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalid(`Invalid value '${raw}' for ${path}: expected true or false.`)
      return raw === 'true'
    case 'timestamp': {
      // ISO 8601 is what SDKs send; epoch seconds are accepted as AWS accepts them too.
      const ms = ISO_8601.test(raw) ? Date.parse(raw) : /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : NaN
      if (Number.isNaN(ms)) throw invalid(`Invalid value '${raw}' for ${path}: expected an ISO 8601 timestamp.`)
      return ms / 1000
    }
    default:
      return raw
  }
}
