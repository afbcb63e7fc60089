import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TaskReport } from '../../core/agent-protocol.js'
import type { Clock } from '../../core/clock.js'
import type { Logger } from '../../core/log.js'
import { HOLDER_NAME, LABELS, taskFilter } from '../engine/labels.js'
import type { ContainerObservation, ContainerRuntime } from '../runtime/index.js'
import { credentialsError, credentialsJson } from './credentials-json.js'
import { containerMetadata, taskMetadata, type ContainerFacts, type TaskFacts, type Version } from './metadata-json.js'
import type { TaskDirectory } from './task-directory.js'
import type { DesiredTask } from '../../core/agent-protocol.js'

/**
 * One agent's task endpoints over HTTP, as the ECS agent serves them at 169.254.170.2:
 *   GET /v4/<id>, /v4/<id>/task, /v4/<id>/stats, /v4/<id>/task/stats   (and /v3/...)
 *   GET /v2/credentials/<id>
 * The caller is known by the id in the path alone. An id this agent does not know is answered
 * as the ECS agent answers it (v4 404, v3 400, credentials 400 InvalidIdInRequest) and marked
 * with UNKNOWN_ID_HEADER, so the shared listener of `berth up` (front.ts) can ask the next agent.
 */
export const UNKNOWN_ID_HEADER = 'x-berth-unknown-id'

export interface EndpointDeps {
  directory: TaskDirectory
  /** What the engine knows of its tasks (engine.snapshot()). */
  knownTasks: () => TaskReport[]
  runtime: Pick<ContainerRuntime, 'list' | 'inspect'> & { rawStats?: (id: string) => Promise<unknown> }
  containerInstanceArn: string
  availabilityZone: string
  clock: Clock
  logger: Logger
}

export type EndpointHandler = (req: IncomingMessage, res: ServerResponse) => void

export function createEndpointHandler(deps: EndpointDeps): EndpointHandler {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.logger.error('task endpoint request failed', { path: req.url, error })
      if (!res.headersSent) send(res, 500, 'failed to get task metadata')
      else res.destroy()
    })
  }
}

const METADATA_PATH = /^\/(v3|v4)\/([^/]+)(\/task)?(\/stats)?\/?$/
const CREDENTIALS_PATH = /^\/v2\/credentials(?:\/([^/]*))?\/?$/

async function handle(deps: EndpointDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://endpoint').pathname
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'only GET is served')
  const creds = CREDENTIALS_PATH.exec(path)
  if (creds) {
    const id = decodeURIComponent(creds[1] ?? '')
    if (!id) return send(res, 400, credentialsError('NoIdInRequest', 'CredentialsV2Request: No Credential ID in the request'), true)
    const task = deps.directory.byCredentialsId(id)
    if (!task?.taskRole) return send(res, 400, credentialsError('InvalidIdInRequest', 'CredentialsV2Request: Credentials not found'), true)
    deps.logger.info('task credentials served', { task: task.taskArn, role: task.taskRole.roleArn })
    return send(res, 200, credentialsJson(task.taskRole, deps.clock.now()))
  }
  const m = METADATA_PATH.exec(path)
  if (!m) return send(res, 404, 'not found', true)
  const version = m[1] as Version
  const id = decodeURIComponent(m[2] ?? '')
  const wholeTask = m[3] !== undefined
  const stats = m[4] !== undefined
  const found = deps.directory.byMetadataId(id)
  if (!found) {
    const which = wholeTask ? 'task' : 'container'
    const reason = `V${version.slice(1)} ${which} ${stats ? 'stats' : 'metadata'} handler: unable to get container for endpoint id '${id}': not found`
    // The ECS agent answers an unknown v4 id 404 and an unknown v3 id 400.
    return send(res, version === 'v4' ? 404 : 400, reason, true)
  }
  const facts = await gatherFacts(deps, found.task)
  const own = facts.containers.find((c) => c.name === found.containerName)
  if (stats) {
    const runtime = deps.runtime
    if (!runtime.rawStats) return send(res, 500, 'stats are not available on this container runtime')
    const read = (id: string) => runtime.rawStats!(id)
    if (!wholeTask) return send(res, 200, own?.observation ? ((await read(own.observation.id)) ?? null) : null)
    const out: Record<string, unknown> = {}
    await Promise.all(facts.containers.map(async (c) => c.observation && (out[c.observation.id] = (await read(c.observation.id)) ?? null)))
    return send(res, 200, out)
  }
  if (wholeTask) return send(res, 200, taskMetadata(facts, version))
  return send(res, 200, containerMetadata(facts, own ?? { name: found.containerName, containerArn: '', definition: {} }, version))
}

/** The task's facts now: its desired record, the engine's known status, Docker's inspection of its containers. */
async function gatherFacts(deps: EndpointDeps, task: DesiredTask): Promise<TaskFacts> {
  const report = deps.knownTasks().find((t) => t.taskArn === task.taskArn)
  const summaries = await deps.runtime.list({ labels: taskFilter(deps.containerInstanceArn, task.taskArn) })
  // The newest container of each name: an older one may wait for cleanup beside its replacement.
  const newest = new Map<string, ContainerObservation>()
  for (const s of summaries.sort((a, b) => a.createdAt - b.createdAt)) {
    const o = await deps.runtime.inspect(s.id)
    const name = s.labels[LABELS.containerName]
    if (o && name) newest.set(name, o)
  }
  const containers: ContainerFacts[] = (task.taskDefinition.containerDefinitions ?? []).map((definition) => {
    const name = definition.name ?? ''
    return { name, definition, containerArn: task.containers.find((c) => c.name === name)?.containerArn ?? '', observation: newest.get(name) }
  })
  return {
    task,
    knownStatus: report?.knownStatus ?? 'NONE',
    pullStartedAt: report?.pullStartedAt,
    pullStoppedAt: report?.pullStoppedAt,
    availabilityZone: deps.availabilityZone,
    containers,
    holder: newest.get(HOLDER_NAME),
  }
}

function send(res: ServerResponse, status: number, body: unknown, unknownId = false): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...(unknownId ? { [UNKNOWN_ID_HEADER]: 'true' } : {}) })
  res.end(text)
}
