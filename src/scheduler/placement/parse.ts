import type {
  PlacementConstraint,
  PlacementStrategy,
  TaskDefinitionPlacementConstraint,
} from '../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../core/errors.js'
import { QuerySyntaxError, parseQuery } from '../../core/query/index.js'
import type { MemberOfConstraint, PlacementConstraintSpec, PlacementStrategySpec } from './types.js'

/**
 * "You can specify a maximum of 10 constraints for each task. This limit includes constraints
 * in the task definition and those specified at runtime." (RunTask, CreateService,
 * RegisterTaskDefinition API references.)
 */
export const MAX_PLACEMENT_CONSTRAINTS = 10
/** "You can specify a maximum of 5 strategy rules for each service" (and for each task). */
export const MAX_PLACEMENT_STRATEGIES = 5

/** Attribute names as ECS allows them (the same rule as the cluster query language's). */
const ATTRIBUTE_NAME = /^[A-Za-z0-9_./\\-]{1,128}$/

/**
 * RunTask's, CreateService's and UpdateService's `placementConstraints`, checked and parsed.
 * Throws InvalidParameterException naming the first problem.
 */
export function parsePlacementConstraints(wire: readonly PlacementConstraint[] | undefined): PlacementConstraintSpec[] {
  const list = wire ?? []
  if (list.length > MAX_PLACEMENT_CONSTRAINTS) throw tooManyConstraints(list.length)
  return list.map((c, k) => {
    const type = c.type as string | undefined
    if (type === 'distinctInstance') {
      if (c.expression !== undefined && c.expression !== '') {
        throw EcsErrors.invalidParameter(
          `placementConstraints[${k}]: a distinctInstance constraint does not take an expression.`,
        )
      }
      return { type: 'distinctInstance' }
    }
    if (type === 'memberOf') return parseMemberOf(c.expression, `placementConstraints[${k}]`)
    throw EcsErrors.invalidParameter(
      type === undefined
        ? `placementConstraints[${k}]: a placement constraint needs a type, distinctInstance or memberOf.`
        : `placementConstraints[${k}]: '${type}' is not a placement constraint type; use distinctInstance or memberOf.`,
    )
  })
}

/**
 * RegisterTaskDefinition's `placementConstraints`: memberOf only. ECS answers a task definition
 * with distinctInstance with ClientException "constraint.type 'distinctInstance' is not
 * supported." (seen through CloudFormation, aws-samples/aws-cdk-examples#628); other problems
 * are InvalidParameterException, as for RunTask.
 */
export function parseTaskDefinitionPlacementConstraints(
  wire: readonly TaskDefinitionPlacementConstraint[] | undefined,
): MemberOfConstraint[] {
  const list = wire ?? []
  if (list.length > MAX_PLACEMENT_CONSTRAINTS) throw tooManyConstraints(list.length)
  return list.map((c, k) => {
    const type = c.type as string | undefined
    if (type === 'memberOf') return parseMemberOf(c.expression, `placementConstraints[${k}]`)
    if (type === 'distinctInstance') throw EcsErrors.client("constraint.type 'distinctInstance' is not supported.")
    throw EcsErrors.invalidParameter(
      type === undefined
        ? `placementConstraints[${k}]: a task definition placement constraint needs the type memberOf.`
        : `placementConstraints[${k}]: '${type}' is not a task definition placement constraint type; use memberOf.`,
    )
  })
}

/** The constraints one task is placed under: its task definition's, then the request's (at most 10 in all). */
export function combinePlacementConstraints(
  taskDefinition: readonly MemberOfConstraint[],
  request: readonly PlacementConstraintSpec[],
): PlacementConstraintSpec[] {
  const all = [...taskDefinition, ...request]
  if (all.length > MAX_PLACEMENT_CONSTRAINTS) throw tooManyConstraints(all.length, true)
  return all
}

/**
 * RunTask's, CreateService's and UpdateService's `placementStrategy`, checked and parsed.
 * binpack takes cpu or memory (any case: ECS's references have written both), spread takes
 * instanceId, host or attribute:<name>, random ignores its field ("this field is not used").
 */
export function parsePlacementStrategies(wire: readonly PlacementStrategy[] | undefined): PlacementStrategySpec[] {
  const list = wire ?? []
  if (list.length > MAX_PLACEMENT_STRATEGIES) {
    throw EcsErrors.invalidParameter(
      `placementStrategy: ${list.length} strategies were given; at most ${MAX_PLACEMENT_STRATEGIES} are allowed.`,
    )
  }
  return list.map((s, k) => parseStrategy(s, `placementStrategy[${k}]`))
}

function parseStrategy(s: PlacementStrategy, where: string): PlacementStrategySpec {
  const type = s.type as string | undefined
  const field = s.field
  switch (type) {
    case 'random':
      return { type: 'random' }
    case 'binpack': {
      const resource = field?.toLowerCase()
      if (resource === 'cpu' || resource === 'memory') return { type: 'binpack', field: resource }
      throw EcsErrors.invalidParameter(
        field === undefined || field === ''
          ? `${where}: a binpack strategy needs a field, cpu or memory.`
          : `${where}: '${field}' is not a binpack field; use cpu or memory.`,
      )
    }
    case 'spread': {
      if (field === undefined || field === '') {
        throw EcsErrors.invalidParameter(`${where}: a spread strategy needs a field: instanceId, host or attribute:<name>.`)
      }
      const lower = field.toLowerCase()
      if (lower === 'instanceid' || lower === 'host') return { type: 'spread', field: 'instanceId' }
      if (field.startsWith('attribute:')) {
        const attribute = field.slice('attribute:'.length)
        if (ATTRIBUTE_NAME.test(attribute)) return { type: 'spread', field: 'attribute', attribute }
        throw EcsErrors.invalidParameter(
          `${where}: '${attribute}' is not an attribute name (1 to 128 letters, digits, hyphens, underscores, periods, slashes or backslashes).`,
        )
      }
      throw EcsErrors.invalidParameter(`${where}: '${field}' is not a spread field; use instanceId, host or attribute:<name>.`)
    }
    default:
      throw EcsErrors.invalidParameter(
        type === undefined
          ? `${where}: a placement strategy needs a type: random, spread or binpack.`
          : `${where}: '${type}' is not a placement strategy type; use random, spread or binpack.`,
      )
  }
}

function parseMemberOf(expression: string | undefined, where: string): MemberOfConstraint {
  if (expression === undefined || expression.trim() === '') {
    throw EcsErrors.invalidParameter(`${where}: a memberOf constraint needs an expression in the cluster query language.`)
  }
  try {
    return { type: 'memberOf', expression, query: parseQuery(expression) }
  } catch (e) {
    if (e instanceof QuerySyntaxError) throw EcsErrors.invalidParameter(`${where}: ${e.message}`)
    throw e
  }
}

function tooManyConstraints(count: number, combined = false): Error {
  return EcsErrors.invalidParameter(
    `placementConstraints: ${count} constraints ${combined ? 'with the task definition\'s' : 'were given'}; ` +
      `at most ${MAX_PLACEMENT_CONSTRAINTS} are allowed per task, counting the task definition's.`,
  )
}
