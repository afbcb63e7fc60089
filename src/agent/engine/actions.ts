import type { ContainerStatus } from '../../core/status.js'
import { isRuntimeError, RuntimeErrors } from '../runtime/errors.js'
import type { ContainerObservation } from '../runtime/observation.js'
import { hasVolumes, type ContainerRuntime, type PullResult } from '../runtime/runtime.js'
import type { ImagePuller } from './image-puller.js'
import { LABELS, taskFilter } from './labels.js'
import type { TaskPlan } from './plan.js'
import type { ContainerState } from './task-state.js'

/**
 * The action table: what the agent does on the runtime to move a container to each status.
 * Each action returns what it saw afterwards; the task manager folds that in (it alone writes
 * state). Every action is safe to run again after a crash or a lost answer.
 */
export type ActionStep = Exclude<ContainerStatus, 'NONE'>

export interface ActionOutcome {
  pulled?: PullResult
  observation?: ContainerObservation | undefined
  /** Whether `observation` was asked for (undefined then means the container is gone). */
  inspected?: boolean
}

export interface ActionContext {
  runtime: ContainerRuntime
  images: ImagePuller
  plan: TaskPlan
  /** Task-level preparation before the first create (volumes); shared by the task's containers. */
  prepare(): Promise<void>
}

type Action = (ctx: ActionContext, c: ContainerState) => Promise<ActionOutcome>

const observed = async (ctx: ActionContext, id: string): Promise<ActionOutcome> => ({ observation: await ctx.runtime.inspect(id), inspected: true })

export const ACTIONS: Record<ActionStep, Action> = {
  /** The holder's image is built locally; the others are pulled under the engine's pull behavior. */
  PULLED: async (ctx, c) =>
    c.plan.internal ? { pulled: { imageId: await ctx.images.pauseImage(), source: 'cache' } } : { pulled: await ctx.images.pull(c.plan.spec.image, c.plan.registryAuth) },

  /** Adopts a container this task already has under that name (no task started twice), else creates one. */
  CREATED: async (ctx, c) => {
    await ctx.prepare()
    const filter = { ...taskFilter(ctx.plan.identity.containerInstanceArn, ctx.plan.identity.taskArn), [LABELS.containerName]: c.plan.name }
    const [existing] = await ctx.runtime.list({ labels: filter })
    return observed(ctx, existing?.id ?? (await ctx.runtime.create(c.plan.spec)))
  },

  RUNNING: async (ctx, c) => {
    await ctx.runtime.start(mustHaveId(c))
    return observed(ctx, mustHaveId(c))
  },

  /** The runtime's stop: the stop signal, `stopTimeout` (the container's, else the agent's default), then SIGKILL. */
  STOPPED: async (ctx, c) => {
    await ctx.runtime.stop(mustHaveId(c), { timeoutMs: c.plan.stopTimeoutMs })
    return observed(ctx, mustHaveId(c))
  },
}

function mustHaveId(c: ContainerState): string {
  if (c.runtimeId === undefined) throw RuntimeErrors.notFound(`(${c.plan.name} was never created)`)
  return c.runtimeId
}

/** Makes the task's Docker volumes, once, before its first container. */
export async function prepareVolumes(runtime: ContainerRuntime, plan: TaskPlan): Promise<void> {
  if (plan.volumes.length === 0) return
  if (!hasVolumes(runtime)) throw RuntimeErrors.refused('CannotCreateVolumeError', 'this container runtime cannot make Docker volumes', true)
  for (const v of plan.volumes) {
    if (v.lifecycle !== 'shared-existing') {
      await runtime.createVolume(v.spec)
      continue
    }
    const present = await runtime.listVolumes({ labels: {} })
    if (!present.some((p) => p.name === v.spec.name)) {
      throw RuntimeErrors.refused('CannotCreateContainerError', `volume '${v.spec.name}' does not exist (scope shared, autoprovision false)`, true)
    }
  }
}

/** ECS-style reason names per step, for failures that carry no code of their own. */
const STEP_ERRORS: Record<ActionStep, string> = {
  PULLED: 'CannotPullContainerError',
  CREATED: 'CannotCreateContainerError',
  RUNNING: 'CannotStartContainerError',
  STOPPED: 'CannotStopContainerError',
}

/** A container's `reason` for a failed step: `<ErrorName>: <what the engine said>`. */
export function reasonFor(step: ActionStep, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  if (isRuntimeError(e) && e.code.startsWith('Cannot')) return `${e.code}: ${message}`
  return `${STEP_ERRORS[step]}: ${message}`
}

/** Worth trying again: the engine was briefly away or busy (never a bad spec, a taken port, a missing image). */
export const isRetryable = (e: unknown): boolean => isRuntimeError(e) && e.retryable && !e.terminal
