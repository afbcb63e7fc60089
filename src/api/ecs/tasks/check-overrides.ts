import type { TaskDefinition, TaskOverride } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { parseTaskCpu, parseTaskMemory } from '../../../core/model/task-size.js'

/** Overrides may only name containers the definition has, as on ECS. */
export function checkOverrides(td: TaskDefinition, overrides: TaskOverride): void {
  const names = new Set((td.containerDefinitions ?? []).map((c) => c.name))
  for (const o of overrides.containerOverrides ?? []) {
    if (o.name === undefined || !names.has(o.name)) {
      throw EcsErrors.invalidParameter(`Override for container named ${o.name ?? '(no name)'} is not a container in the TaskDefinition.`)
    }
  }
  if (overrides.cpu !== undefined && parseTaskCpu(overrides.cpu) === undefined) {
    throw EcsErrors.invalidParameter(`Invalid 'cpu' override: ${overrides.cpu}.`)
  }
  if (overrides.memory !== undefined && parseTaskMemory(overrides.memory) === undefined) {
    throw EcsErrors.invalidParameter(`Invalid 'memory' override: ${overrides.memory}.`)
  }
}
