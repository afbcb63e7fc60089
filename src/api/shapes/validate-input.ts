import type { ApiError} from '../../core/errors.js';
import { WireErrors } from '../../core/errors.js'
import type { ServiceModel, Shape } from './model.js'

/**
 * Checks a parsed request body against an operation's input shape, the way AWS's front end
 * does before the service sees it: JSON types (a mismatch is a SerializationException, as on
 * AWS), then required members, enums, lengths, ranges and patterns (the service's own
 * parameter error, e.g. ECS's InvalidParameterException). Members the model does not know are
 * ignored, never rejected: newer SDKs send members this model predates.
 *
 * It returns the input as operations may trust it to be: a copy holding only the members the
 * model knows, with null members and null map values dropped (null means absent on the wire).
 * So an operation typed `key?: string` never meets a null, and nothing the model does not
 * describe (say, an unknown member nested 300,000 levels deep) reaches the store.
 */
export interface InputValidator {
  /** The checked copy of `value`; throws an ApiError naming the first member that is wrong. */
  validate(shapeName: string, value: unknown): unknown
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 }

export function createInputValidator(model: ServiceModel, invalid: (message: string) => ApiError): InputValidator {
  const patterns = new Map<string, RegExp>()
  const patternOf = (name: string, source: string): RegExp => {
    let re = patterns.get(name)
    if (!re) {
      // Models write some patterns in Java's syntax: \p{Print} (Application Auto Scaling's
      // PolicyName) is printable ASCII there, a class JavaScript does not know.
      re = new RegExp(source.replaceAll('\\p{Print}', '[\\x20-\\x7E]'), 'u')
      patterns.set(name, re)
    }
    return re
  }

  const typeError = (path: string, value: unknown, expected: string) =>
    WireErrors.serialization(`Invalid type for parameter ${path || 'input'}: expected ${expected}, got ${describe(value)}.`)

  function check(shapeName: string, value: unknown, path: string): unknown {
    const shape: Shape | undefined = model.shapes[shapeName]
    if (!shape) throw new Error(`model has no shape ${shapeName}`)
    switch (shape.type) {
      case 'structure': {
        // A document is free-form JSON the service interprets itself (ECS hookDetails).
        if (shape.document) return value
        if (!isPlainObject(value)) throw typeError(path, value, 'an object')
        for (const req of shape.required ?? []) {
          if (ownValue(value, req) == null) throw invalid(`Missing required parameter: ${join(path, req)}.`)
        }
        const out: Record<string, unknown> = {}
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          const member = ownValue(value, name)
          if (member != null) out[name] = check(ref.shape, member, join(path, name))
        }
        if (shape.union && Object.keys(out).length !== 1) {
          throw invalid(`${path || 'input'} must set exactly one of ${Object.keys(shape.members ?? {}).join(', ')}.`)
        }
        return out
      }
      case 'list': {
        if (!Array.isArray(value)) throw typeError(path, value, 'a list')
        checkLength(shape, value.length, path, 'items')
        return value.map((item: unknown, i) => {
          if (item === null || item === undefined) throw invalid(`${path}[${i}] must not be null.`)
          return check(shape.member!.shape, item, `${path}[${i}]`)
        })
      }
      case 'map': {
        if (!isPlainObject(value)) throw typeError(path, value, 'a map')
        checkLength(shape, Object.keys(value).length, path, 'entries')
        const entries: [string, unknown][] = []
        for (const [k, v] of Object.entries(value)) {
          check(shape.key!.shape, k, `${path} key`)
          if (v != null) entries.push([k, check(shape.value!.shape, v, `${path}.${k}`)])
        }
        // fromEntries defines own members, so a key such as `__proto__` stays a plain entry.
        return Object.fromEntries(entries)
      }
      case 'string': {
        if (typeof value !== 'string') throw typeError(path, value, 'a string')
        if (shape.enum && !shape.enum.includes(value)) {
          throw invalid(`Invalid value ${clip(value)} for ${path}: must be one of ${shape.enum.join(', ')}.`)
        }
        checkLength(shape, [...value].length, path, 'characters')
        if (shape.pattern && !patternOf(shapeName, shape.pattern).test(value)) {
          throw invalid(`Invalid value for ${path}: it does not match the pattern ${shape.pattern}.`)
        }
        return value
      }
      case 'integer':
      case 'long': {
        if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(path, value, 'an integer')
        if (shape.type === 'integer' && (value < INT32.min || value > INT32.max)) {
          throw invalid(`Invalid value ${value} for ${path}: out of the 32-bit integer range.`)
        }
        checkRange(shape, value, path)
        return value
      }
      case 'double':
      case 'float': {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw typeError(path, value, 'a number')
        checkRange(shape, value, path)
        return value
      }
      case 'boolean':
        if (typeof value !== 'boolean') throw typeError(path, value, 'a boolean')
        return value
      case 'timestamp':
        if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
          throw typeError(path, value, 'a timestamp (epoch seconds or ISO 8601)')
        }
        return value
      case 'blob':
        if (typeof value !== 'string') throw typeError(path, value, 'a base64 string')
        return value
    }
  }

  function checkLength(shape: Shape, length: number, path: string, unit: string) {
    if (shape.min !== undefined && length < shape.min) throw invalid(`${path} must have at least ${shape.min} ${unit}.`)
    if (shape.max !== undefined && length > shape.max) throw invalid(`${path} must have at most ${shape.max} ${unit}.`)
  }
  function checkRange(shape: Shape, value: number, path: string) {
    if (shape.min !== undefined && value < shape.min) throw invalid(`${path} must be at least ${shape.min}.`)
    if (shape.max !== undefined && value > shape.max) throw invalid(`${path} must be at most ${shape.max}.`)
  }

  return { validate: (shapeName, value) => check(shapeName, value, '') }
}

/** A member the object itself holds: never one inherited from Object.prototype. */
const ownValue = (obj: Record<string, unknown>, name: string): unknown => (Object.hasOwn(obj, name) ? obj[name] : undefined)

const join = (path: string, name: string) => (path ? `${path}.${name}` : name)

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return `the string ${clip(value)}`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}

/** A string as an error message quotes it: never the whole of a megabyte the client sent. */
const clip = (s: string) => JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s)
