import type { ServiceModel, Shape } from '../api/shapes/model.js'
import type { Prng } from './prng.js'

/**
 * Request bodies for fuzzing a JSON service, from its model: values that fit an operation's
 * input shape (so requests get past validation and reach the store), the same values with a
 * few members broken, and random JSON. Bodies are returned as text, because deeply nested
 * values are spliced in as text: JSON.stringify recurses and would overflow first.
 */
export interface FuzzGenerator {
  /** A value of the shape, members filled at random, strings from `pools` where possible. */
  plausible(shapeName: string): unknown
  /** A plausible value with one to three members replaced, removed or added. */
  mutated(shapeName: string): unknown
  /** Any JSON value; objects are given member names of `shapeName` half the time. */
  random(shapeName: string): unknown
  serialize(value: unknown): string
}

/** Strings that have broken parsers before: NULs, lone surrogates, prototype names, ARN edge cases. */
const ARN = 'arn:aws:ecs:us-east-1:000000000000:'
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', '\u202e', '💥', 'ключ', '../..', '%s%n', '${x}',
  "'; DROP TABLE clusters; --", 'null', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  'arn:', ARN, `${ARN}__proto__/x`, `${ARN}constructor/x`, `${ARN}toString/x`, `${ARN}cluster/`,
  `${ARN}cluster/__proto__`, `${ARN}task-definition/x:99999999999999999999`, `${ARN}task-definition/:1`,
  `${ARN}container-instance//`, 'arn:aws:ecs:eu-west-1:111111111111:cluster/fuzz', 'x:1', 'x:0', 'x:-1', 'x:1.5',
  'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(2049),
]

const HUGE_NUMBERS: readonly number[] = [
  1e308, -1e308, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 0.5, -0, 5e-324, -1,
]

const UNKNOWN_KEYS: readonly string[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'unknownMember', '']

class Deep {
  constructor(readonly depth: number, readonly kind: 'array' | 'object') {}
}

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number }

export function createFuzzGenerator(model: ServiceModel, rng: Prng, pools: readonly string[]): FuzzGenerator {
  const shapeOf = (name: string): Shape => {
    const shape = model.shapes[name]
    if (!shape) throw new Error(`model has no shape ${name}`)
    return shape
  }

  function plausible(shapeName: string, depth = 0): unknown {
    const shape = shapeOf(shapeName)
    switch (shape.type) {
      case 'structure': {
        const out: Record<string, unknown> = {}
        const required = new Set(shape.required ?? [])
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          if (required.has(name) || rng.chance(depth > 4 ? 0.1 : 0.4)) out[name] = plausible(ref.shape, depth + 1)
        }
        return out
      }
      case 'list': {
        const min = shape.min ?? 0
        const length = depth > 4 ? min : rng.between(min, Math.min(shape.max ?? min + 3, min + 3))
        return Array.from({ length }, () => plausible(shape.member!.shape, depth + 1))
      }
      case 'map': {
        const out: Record<string, unknown> = {}
        for (let i = rng.int(3); i > 0; i--) setKey(out, String(plausible(shape.key!.shape, depth + 1)), plausible(shape.value!.shape, depth + 1))
        return out
      }
      case 'string':
        return plausibleString(shape)
      case 'integer':
      case 'long':
        return rng.between(shape.min ?? 0, Math.min(shape.max ?? 1024, (shape.min ?? 0) + 100_000))
      case 'double':
      case 'float':
        return rng.next() * 100
      case 'boolean':
        return rng.chance(0.5)
      case 'timestamp':
        return 1_790_000_000 + rng.int(1_000_000)
      case 'blob':
        return 'aGVsbG8='
    }
  }

  function plausibleString(shape: Shape): string {
    if (shape.enum && rng.chance(0.9)) return rng.pick(shape.enum)
    let s = rng.chance(0.7) ? rng.pick(pools) : rng.chance(0.5) ? rng.pick(NASTY_STRINGS) : `fuzz-${rng.int(1000)}`
    if (shape.min !== undefined && s.length < shape.min) s = s.padEnd(shape.min, 'x')
    if (shape.max !== undefined && s.length > shape.max && rng.chance(0.8)) s = s.slice(0, shape.max)
    return s
  }

  function random(depth: number, names: readonly string[]): unknown {
    switch (rng.int(depth > 3 ? 5 : 7)) {
      case 0: return null
      case 1: return rng.chance(0.5)
      case 2: return rng.chance(0.5) ? rng.between(-1000, 1000) : rng.pick(HUGE_NUMBERS)
      case 3: return rng.pick(NASTY_STRINGS)
      case 4: return rng.pick(pools)
      case 5: return Array.from({ length: rng.int(4) }, () => random(depth + 1, names))
      default: {
        const out: Record<string, unknown> = {}
        for (let i = rng.int(5); i > 0; i--) {
          setKey(out, names.length && rng.chance(0.5) ? rng.pick(names) : rng.pick(UNKNOWN_KEYS), random(depth + 1, names))
        }
        return out
      }
    }
  }

  /** A value that breaks the slot it is put in, or at least tests its limits. */
  function nasty(): unknown {
    switch (rng.int(8)) {
      case 0: return null
      case 1: return rng.pick(HUGE_NUMBERS)
      case 2: return rng.pick(NASTY_STRINGS)
      // Huge strings: mostly 64 KiB, now and then 1.5 MB (under the HTTP body limit).
      case 3: return 'y'.repeat(rng.chance(0.1) ? 1_500_000 : 65_536)
      case 4: return new Deep(rng.pick([64, 20_000, 50_000]), rng.chance(0.5) ? 'array' : 'object')
      case 5: return rng.chance(0.5) ? [] : {}
      case 6: return [random(1, []), random(1, [])]
      default: return random(0, [])
    }
  }

  function mutated(shapeName: string): unknown {
    const root = { value: plausible(shapeName) as unknown }
    for (let n = rng.between(1, 3); n > 0; n--) {
      const slots = slotsOf(root.value, [{ parent: root as Record<string, unknown>, key: 'value' }])
      const slot = rng.pick(slots)
      const target = (slot.parent as Record<string | number, unknown>)[slot.key]
      const action = rng.int(10)
      if (action === 0 && isObject(target)) setKey(target, rng.pick(UNKNOWN_KEYS), nasty())
      else if (action === 1 && slot.parent !== root && !Array.isArray(slot.parent)) delete slot.parent[slot.key as string]
      else (slot.parent as Record<string | number, unknown>)[slot.key] = nasty()
    }
    return root.value
  }

  function serialize(value: unknown): string {
    const deep: string[] = []
    const text = JSON.stringify(value, (_key, v: unknown) => {
      if (!(v instanceof Deep)) return v
      deep.push(v.kind === 'array' ? '['.repeat(v.depth) + ']'.repeat(v.depth) : '{"a":'.repeat(v.depth) + '1' + '}'.repeat(v.depth))
      return `@@deep-${deep.length - 1}@@`
    })
    return text === undefined ? '' : text.replace(/"@@deep-(\d+)@@"/g, (_m, i: string) => deep[Number(i)]!)
  }

  const memberNames = (shapeName: string) => Object.keys(model.shapes[shapeName]?.members ?? {})

  return {
    plausible: (shapeName) => plausible(shapeName),
    mutated,
    random: (shapeName) => random(0, memberNames(shapeName)),
    serialize,
  }
}

/** Every place in a value where a member or item sits, to pick one to break. */
function slotsOf(value: unknown, into: Slot[]): Slot[] {
  const entries: [string | number, unknown][] = Array.isArray(value) ? [...value.entries()] : isObject(value) ? Object.entries(value) : []
  for (const [key, v] of entries) {
    into.push({ parent: value as Slot['parent'], key })
    slotsOf(v, into)
  }
  return into
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Deep)

/** Sets an own, enumerable member even for `__proto__`, which plain assignment would not. */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
}
