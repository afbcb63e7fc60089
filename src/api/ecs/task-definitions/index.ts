import { deleteTaskDefinitions } from './delete-task-definitions.js'
import { deregisterTaskDefinition } from './deregister-task-definition.js'
import { describeTaskDefinition } from './describe-task-definition.js'
import { listTaskDefinitionFamilies } from './list-task-definition-families.js'
import { listTaskDefinitions } from './list-task-definitions.js'
import { registerTaskDefinition } from './register-task-definition.js'

export { resolveTaskDefinition, type ResolveOptions } from './resolve-task-definition.js'

export const taskDefinitionOperations = {
  RegisterTaskDefinition: registerTaskDefinition,
  DescribeTaskDefinition: describeTaskDefinition,
  ListTaskDefinitions: listTaskDefinitions,
  ListTaskDefinitionFamilies: listTaskDefinitionFamilies,
  DeregisterTaskDefinition: deregisterTaskDefinition,
  DeleteTaskDefinitions: deleteTaskDefinitions,
}
