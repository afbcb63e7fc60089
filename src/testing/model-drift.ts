import type { ServiceModel } from '../api/shapes/model.js'

/**
 * What an AWS SDK v3 client knows and Berth's model (src/core/aws-model) lacks. The SDK ships
 * its Smithy schema as exports: `RunTask$ = [9, ns, 'RunTask', traits, input, output]` for an
 * operation, `[3, ns, name, traits, memberNames, memberSchemas]` for a structure (4 a union,
 * -3 an error), lists `[1, ns, name, traits, member]`, maps `[2, …, key, value]`, simple
 * types with traits `[0, ns, name, traits, type]`; a member is a schema, a thunk returning
 * one, or `[schema, traits]` (`[0, 4]`: a string that is an idempotency token); bare numbers
 * are simple types (`64 | x` a list of x, `128 | x` a map of x, 15 a document). Its enums are plain objects named after the model's shape (`LaunchType`).
 */
export interface ModelDrift {
  /** `operation RunTask`, `member ContainerDefinition.restartPolicy` or `enum LaunchType.MANAGED_INSTANCES`. */
  key: string
  /** The first operation (and direction) that reaches it, for the reader. */
  where: string
}

type Schema = unknown

/** Every operation, structure member and enum value the SDK has and `model` does not. */
export function findModelDrift(sdk: Readonly<Record<string, unknown>>, model: ServiceModel): ModelDrift[] {
  const drift = new Map<string, string>()
  const note = (key: string, where: string) => drift.has(key) || drift.set(key, where)
  const walked = new Set<string>()

  // Pairs an SDK schema with the model shape at the same place, so a renamed shape still lines up.
  function walk(schema: Schema, shapeName: string, where: string): void {
    const s = resolve(schema)
    const shape = model.shapes[shapeName]
    if (!shape) throw new Error(`model has no shape ${shapeName}`)
    if (typeof s === 'number') {
      if (s & 64 && shape.member) walk(s & ~64, shape.member.shape, where)
      else if (s & 128 && shape.value) walk(s & ~128, shape.value.shape, where)
      return
    }
    const [kind] = s
    if (kind === 3 || kind === 4 || kind === -3) {
      if (walked.has(shapeName)) return
      walked.add(shapeName)
      const names = s[4] as string[]
      const schemas = s[5] as Schema[]
      names.forEach((name, i) => {
        const ref = shape.members?.[name]
        if (!ref) note(`member ${shapeName}.${name}`, where)
        else walk(schemas[i], ref.shape, where)
      })
    } else if (kind === 1 && shape.member) walk(s[4], shape.member.shape, where)
    else if (kind === 2 && shape.value) walk(s[5], shape.value.shape, where)
    else if (kind === 0) walk(s[4], shapeName, where)
  }

  for (const [exportName, value] of Object.entries(sdk)) {
    if (!exportName.endsWith('$') || !Array.isArray(value) || value[0] !== 9) continue
    const name = value[2] as string
    const op = Object.hasOwn(model.operations, name) ? model.operations[name] : undefined
    if (!op) {
      note(`operation ${name}`, name)
      continue
    }
    if (op.input) walk(value[4], op.input, `${name} input`)
    if (op.output) walk(value[5], op.output, `${name} output`)
  }

  for (const [name, values] of Object.entries(sdkEnums(sdk))) {
    const modeled = model.shapes[name]?.enum
    if (!modeled) continue // a shape newer than the model: the member that brings it is reported
    for (const v of values) if (!modeled.includes(v)) note(`enum ${name}.${v}`, name)
  }
  return [...drift].map(([key, where]) => ({ key, where })).sort((a, b) => a.key.localeCompare(b.key))
}

/** The SDK's enum exports: plain objects whose values are all strings. */
export function sdkEnums(sdk: Readonly<Record<string, unknown>>): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(sdk)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue
    const values = Object.values(value)
    if (values.length && values.every((v) => typeof v === 'string')) out[name] = values as string[]
  }
  return out
}

/**
 * Follows thunks and `[schema, traits]` pairs to a schema array or a simple-type number. A
 * schema array names its namespace second (`[3, 'com.amazonaws.ecs', …]`); a pair does not.
 */
function resolve(schema: Schema): number | unknown[] {
  let s = schema
  for (;;) {
    if (typeof s === 'function') s = (s as () => unknown)()
    else if (Array.isArray(s) && typeof s[1] !== 'string') s = s[0]
    else if (typeof s === 'number' || Array.isArray(s)) return s
    else throw new Error(`not an SDK schema: ${String(s)}`)
  }
}
