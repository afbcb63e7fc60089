import type { Compatibility, TaskDefinition } from '../aws-model/ecs.types.js'
import { isFargateSize, parseTaskCpu, parseTaskMemory } from './task-size.js'

/**
 * Which launch types a task definition validates against: ECS reports them in
 * `compatibilities` whatever `requiresCompatibilities` asked for, and refuses a registration
 * whose required launch type is not among them, with the first reason found.
 *
 * What ECS answers: a plain bridge definition → ["EXTERNAL", "EC2"] (the AWS CLI example);
 * awsvpc with a Fargate cpu/memory pair → ["EC2", "FARGATE"]; awsvpc without one → ["EC2"].
 */
export function compatibilitiesOf(td: TaskDefinition): Compatibility[] {
  return [
    ...(externalIncompatibility(td) === undefined ? (['EXTERNAL'] as const) : []),
    'EC2',
    ...(fargateIncompatibility(td) === undefined ? (['FARGATE'] as const) : []),
  ]
}

/** Why Fargate cannot run this definition, in the words ECS uses where known; undefined if it can. */
export function fargateIncompatibility(td: TaskDefinition): string | undefined {
  if (td.networkMode !== 'awsvpc') return "Fargate only supports network mode 'awsvpc'."
  if (td.cpu === undefined) return "Fargate requires that 'cpu' be defined at the task level."
  if (td.memory === undefined) return "Fargate requires that 'memory' be defined at the task level."
  const cpu = parseTaskCpu(td.cpu)
  const memory = parseTaskMemory(td.memory)
  if (cpu === undefined || memory === undefined || !isFargateSize(cpu, memory)) {
    return `No Fargate configuration exists for given values: ${td.cpu} CPU, ${td.memory} memory. See the Amazon ECS documentation for the valid values.`
  }
  if (td.pidMode !== undefined && td.pidMode !== 'task') {
    return `Tasks using the Fargate launch type do not support pidMode '${td.pidMode}'. The supported value for pidMode is 'task'.`
  }
  if (td.ipcMode !== undefined) return "Tasks using the Fargate launch type do not support the 'ipcMode' parameter."
  if (td.placementConstraints?.length) return 'Tasks using the Fargate launch type do not support placement constraints.'
  for (const v of td.volumes ?? []) {
    if (v.host?.sourcePath !== undefined) return `Fargate does not support host volumes: volume '${v.name}' sets host.sourcePath.`
    if (v.dockerVolumeConfiguration) return `Fargate does not support Docker volumes: volume '${v.name}'.`
  }
  for (const c of td.containerDefinitions ?? []) {
    if (c.privileged) return `Fargate does not support privileged containers: container '${c.name}'.`
  }
  return undefined
}

/** ECS Anywhere (EXTERNAL) has no ENIs, EFS, FSx, App Mesh or Elastic Inference. */
export function externalIncompatibility(td: TaskDefinition): string | undefined {
  if (td.networkMode === 'awsvpc') return "The 'awsvpc' network mode is not supported for the EXTERNAL launch type."
  if ((td.volumes ?? []).some((v) => v.efsVolumeConfiguration || v.fsxWindowsFileServerVolumeConfiguration)) {
    return 'EFS and FSx volumes are not supported for the EXTERNAL launch type.'
  }
  if (td.proxyConfiguration) return 'Proxy configuration is not supported for the EXTERNAL launch type.'
  if (td.inferenceAccelerators?.length) return 'Inference accelerators are not supported for the EXTERNAL launch type.'
  return undefined
}
