import type { EcsArns } from '../../core/arn.js'
import type { Clock } from '../../core/clock.js'
import type { Partition } from '../../core/config.js'
import type { RunTaskResponse } from '../../core/aws-model/ecs.types.js'
import type { Logger } from '../../core/log.js'
import type { TaskSources } from '../../core/model/task-sources.js'
import type { TaskRoles } from '../../core/task-roles.js'
import type { Store } from '../../state/store.js'
import type { OperationContext } from '../protocols/json-protocol.js'
import type { ClientTokens } from './tasks/client-tokens.js'

/** What every ECS operation may use. Passed in, never imported, so tests build their own. */
export interface EcsDeps {
  store: Store
  clock: Clock
  partition: Partition
  arns: EcsArns
  /**
   * RunTask's clientTokens seen lately, with what each call answered. createEcsService gives
   * every service one; an operation called directly without it starts tasks for every call.
   */
  runTaskTokens?: ClientTokens<RunTaskResponse>
  /**
   * How RegisterContainerInstance treats agents (core/agent-credentials.ts): the join token
   * that earns an instance secret, and where refusals are logged. Absent: no registration
   * gets a secret, so no agent can open a channel.
   */
  agents?: { joinToken: string; logger: Logger }
  /**
   * What the operator configured for tasks' secrets, environment files and registry
   * credentials (server/task-sources-file.ts). Absent: none, so a task that asks for one is refused.
   */
  taskSources?: TaskSources
  /**
   * Role ARN → the credentials tasks with that role get (core/task-roles.ts, the task roles
   * file). A task naming a role not here is refused; absent: every task role is refused.
   */
  taskRoles?: TaskRoles
}

/** One ECS action: its request shape in, its response shape out; `ctx` for the few that read a header. */
export type EcsOperation<I, O> = (input: I, deps: EcsDeps, ctx?: OperationContext) => Promise<O>
