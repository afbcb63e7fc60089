import type { MemberRef, ServiceModel, Shape } from '../shapes/model.js'

/**
 * Writes an output structure as the XML the query protocol answers with, led by the model:
 * members in model order under their `locationName` (else their name), lists as
 * `<member>` items, maps as `<entry><key/><value/></entry>`, timestamps ISO 8601 (from epoch
 * seconds, as the generated wire types hold them), booleans `true|false`, text XML-escaped.
 * Members the model does not know, and undefined or null ones, are left out.
 */
export function writeMembers(model: ServiceModel, shapeName: string, value: unknown): string {
  const shape = shapeOf(model, { shape: shapeName })
  if (shape.type !== 'structure') throw new Error(`${shapeName} is not a structure`)
  return structureBody(model, shape, value)
}

function structureBody(model: ServiceModel, shape: Shape, value: unknown): string {
  if (typeof value !== 'object' || value === null) return ''
  const record = value as Record<string, unknown>
  let out = ''
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const member = record[name]
    if (member !== undefined && member !== null) out += element(model, ref, ref.locationName ?? name, member)
  }
  return out
}

function element(model: ServiceModel, ref: MemberRef, name: string, value: unknown): string {
  const shape = shapeOf(model, ref)
  switch (shape.type) {
    case 'structure':
      return tag(name, structureBody(model, shape, value))
    case 'list': {
      const items = Array.isArray(value) ? value : []
      const member = shape.member!
      if (shape.flattened || member.flattened) {
        return items.map((item: unknown) => element(model, member, member.locationName ?? name, item)).join('')
      }
      return tag(name, items.map((item: unknown) => element(model, member, member.locationName ?? 'member', item)).join(''))
    }
    case 'map': {
      const entries = typeof value === 'object' && value !== null ? Object.entries(value) : []
      const keyName = shape.key!.locationName ?? 'key'
      const valueName = shape.value!.locationName ?? 'value'
      const body = entries
        .map(([k, v]) => tag('entry', element(model, shape.key!, keyName, k) + element(model, shape.value!, valueName, v)))
        .join('')
      return shape.flattened ? body : tag(name, body)
    }
    case 'timestamp':
      return tag(name, isoTimestamp(value))
    case 'blob':
      return tag(name, Buffer.isBuffer(value) ? value.toString('base64') : escapeXml(String(value)))
    default:
      return tag(name, escapeXml(String(value)))
  }
}

const tag = (name: string, body: string) => (body === '' ? `<${name}/>` : `<${name}>${body}</${name}>`)

/** `2024-01-01T00:00:00Z`, or `…00.500Z` when there is a fraction; both parse everywhere. */
export function isoTimestamp(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value * 1000) : new Date(String(value))
  return date.toISOString().replace('.000Z', 'Z')
}

/**
 * Escapes the five XML specials, and \r, which a parser would otherwise fold into \n.
 * Characters XML 1.0 cannot carry at all become U+FFFD rather than a document no client parses.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' }

function shapeOf(model: ServiceModel, ref: MemberRef): Shape {
  const shape = model.shapes[ref.shape]
  if (!shape) throw new Error(`model has no shape ${ref.shape}`)
  return shape
}
