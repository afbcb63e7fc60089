import type { ApiError} from '../../core/errors.js';
import { WireErrors } from '../../core/errors.js'
import type { ServiceModel, Shape } from './model.js'

/**
 * Checks a parsed request body against an operation's input shape, the way AWS's front end
 * does before the service sees it: JSON types (a mismatch is a SerializationException, as on
 * AWS), then required members, enums, lengths, ranges and patterns (the service's own
 * parameter error, e.g. ECS's InvalidParameterException). Members the model does not know are
 * ignored, never rejected: newer SDKs send members this model predates.
 */
export interface InputValidator {
  validate(shapeName: string, value: unknown): void
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 }

export function createInputValidator(model: ServiceModel, invalid: (message: string) => ApiError): InputValidator {
  const patterns = new Map<string, RegExp>()
  const patternOf = (name: string, source: string): RegExp => {
    let re = patterns.get(name)
    if (!re) {
      re = new RegExp(source, 'u')
      patterns.set(name, re)
    }
    return re
  }

  const typeError = (path: string, value: unknown, expected: string) =>
    WireErrors.serialization(`Invalid type for parameter ${path || 'input'}: expected ${expected}, got ${describe(value)}.`)

  function check(shapeName: string, value: unknown, path: string): void {
    const shape: Shape | undefined = model.shapes[shapeName]
    if (!shape) throw new Error(`model has no shape ${shapeName}`)
    switch (shape.type) {
      case 'structure': {
        if (!isPlainObject(value)) throw typeError(path, value, 'an object')
        for (const req of shape.required ?? []) {
          if (value[req] === undefined || value[req] === null) throw invalid(`Missing required parameter: ${join(path, req)}.`)
        }
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          const member = value[name]
          if (member !== undefined && member !== null) check(ref.shape, member, join(path, name))
        }
        return
      }
      case 'list': {
        if (!Array.isArray(value)) throw typeError(path, value, 'a list')
        checkLength(shape, value.length, path, 'items')
        value.forEach((item, i) => {
          if (item === null || item === undefined) throw invalid(`${path}[${i}] must not be null.`)
          check(shape.member!.shape, item, `${path}[${i}]`)
        })
        return
      }
      case 'map': {
        if (!isPlainObject(value)) throw typeError(path, value, 'a map')
        checkLength(shape, Object.keys(value).length, path, 'entries')
        for (const [k, v] of Object.entries(value)) {
          check(shape.key!.shape, k, `${path} key`)
          if (v !== null && v !== undefined) check(shape.value!.shape, v, `${path}.${k}`)
        }
        return
      }
      case 'string': {
        if (typeof value !== 'string') throw typeError(path, value, 'a string')
        if (shape.enum && !shape.enum.includes(value)) {
          throw invalid(`Invalid value '${value}' for ${path}: must be one of ${shape.enum.join(', ')}.`)
        }
        checkLength(shape, [...value].length, path, 'characters')
        if (shape.pattern && !patternOf(shapeName, shape.pattern).test(value)) {
          throw invalid(`Invalid value for ${path}: it does not match the pattern ${shape.pattern}.`)
        }
        return
      }
      case 'integer':
      case 'long': {
        if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(path, value, 'an integer')
        if (shape.type === 'integer' && (value < INT32.min || value > INT32.max)) {
          throw invalid(`Invalid value ${value} for ${path}: out of the 32-bit integer range.`)
        }
        checkRange(shape, value, path)
        return
      }
      case 'double':
      case 'float': {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw typeError(path, value, 'a number')
        checkRange(shape, value, path)
        return
      }
      case 'boolean':
        if (typeof value !== 'boolean') throw typeError(path, value, 'a boolean')
        return
      case 'timestamp':
        if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
          throw typeError(path, value, 'a timestamp (epoch seconds or ISO 8601)')
        }
        return
      case 'blob':
        if (typeof value !== 'string') throw typeError(path, value, 'a base64 string')
        return
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

const join = (path: string, name: string) => (path ? `${path}.${name}` : name)

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}
