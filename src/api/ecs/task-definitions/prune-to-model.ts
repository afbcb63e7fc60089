import ecsModel from '../../../core/aws-model/ecs.json' with { type: 'json' }
import type { ServiceModel } from '../../shapes/model.js'

const MODEL = ecsModel as unknown as ServiceModel

/**
 * A copy of `value` holding only what the ECS model knows under `shapeName`, without nulls.
 *
 * The protocol layer has already checked types and ignored (not removed) members this model
 * predates, which newer SDKs send. A task definition is saved and echoed forever, so it keeps
 * exactly the members Berth can describe back: an unknown member is dropped, never stored.
 */
export function pruneToModel<T>(shapeName: string, value: T): T {
  return prune(shapeName, value) as T
}

function prune(shapeName: string, value: unknown): unknown {
  const shape = MODEL.shapes[shapeName]
  if (!shape || value === null || value === undefined) return value
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {}
      const input = value as Record<string, unknown>
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const member = input[name]
        if (member !== null && member !== undefined) out[name] = prune(ref.shape, member)
      }
      return out
    }
    case 'list':
      return (value as unknown[]).map((item) => prune(shape.member!.shape, item))
    case 'map': {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v !== null && v !== undefined) out[k] = prune(shape.value!.shape, v)
      }
      return out
    }
    default:
      return value
  }
}
