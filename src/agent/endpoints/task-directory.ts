import type { DesiredTask } from '../../core/agent-protocol.js'
import { metadataIdOf } from './ids.js'

/**
 * The tasks this agent runs, as the endpoints look them up: by a container's metadata id (the
 * path of ECS_CONTAINER_METADATA_URI_V4) and by a task's credentials id. Written only by the
 * agent when the server's desired set arrives (one writer); a task the server no longer sends
 * is unknown here at once, so a stopped task's containers lose their credentials as on ECS.
 */
export class TaskDirectory {
  #byMetadataId = new Map<string, { task: DesiredTask; containerName: string }>()
  #byCredentialsId = new Map<string, DesiredTask>()

  constructor(private readonly credentialsIdOf: (taskArn: string) => string) {}

  set(tasks: readonly DesiredTask[]): void {
    this.#byMetadataId.clear()
    this.#byCredentialsId.clear()
    for (const task of tasks) {
      for (const c of task.containers) this.#byMetadataId.set(metadataIdOf(c.containerArn), { task, containerName: c.name })
      if (task.taskRole) this.#byCredentialsId.set(this.credentialsIdOf(task.taskArn), task)
    }
  }

  byMetadataId(id: string): { task: DesiredTask; containerName: string } | undefined {
    return this.#byMetadataId.get(id)
  }

  byCredentialsId(id: string): DesiredTask | undefined {
    return this.#byCredentialsId.get(id)
  }
}
