import type { ContainerDefinition, RegisterTaskDefinitionRequest } from '../../../core/aws-model/ecs.types.js'

/**
 * RegisterTaskDefinition requests ECS refuses, each with the error it answers and why. Shared
 * by the pure table test (check-task-definition.test.ts) and the SDK test that sends every row
 * over the wire and checks nothing was stored. Test data only; no production code imports it.
 */
export interface MalformedRow {
  why: string
  req: RegisterTaskDefinitionRequest
  code: 'ClientException' | 'InvalidParameterException'
  message: RegExp
}

const app = (over: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name: 'app', image: 'nginx', memory: 128, ...over })
const side = (over: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name: 'side', image: 'busybox', memory: 64, ...over })
const td = (over: Partial<RegisterTaskDefinitionRequest> = {}): RegisterTaskDefinitionRequest => ({
  family: 'web',
  containerDefinitions: [app()],
  ...over,
})
const awsvpc = (containers: ContainerDefinition[]) => td({ networkMode: 'awsvpc', containerDefinitions: containers })
const row = (why: string, req: RegisterTaskDefinitionRequest, message: RegExp): MalformedRow => ({ why, req, code: 'ClientException', message })

export const VALID_REQUEST: RegisterTaskDefinitionRequest = td()

export const MALFORMED_REQUESTS: readonly MalformedRow[] = [
  row('family may only hold letters, digits, - and _', td({ family: 'web app' }), /Family contains invalid characters/),
  row('family is at most 255 characters', td({ family: 'f'.repeat(256) }), /Family contains invalid characters/),
  row('an empty family is blank', td({ family: '' }), /Family can not be blank/),
  row('a task needs at least one container', td({ containerDefinitions: [] }), /Container list cannot be empty/),
  row('a task holds at most 10 containers', td({ containerDefinitions: Array.from({ length: 11 }, (_, i) => app({ name: `c${i}` })) }), /Too many containers/),
  row('every container needs a name', td({ containerDefinitions: [{ image: 'nginx', memory: 128 }] }), /Container\.name should not be null or empty/),
  row('container names follow the family pattern', td({ containerDefinitions: [app({ name: 'my app' })] }), /Container\.name contains invalid characters/),
  row('every container needs an image', td({ containerDefinitions: [{ name: 'app', memory: 128 }] }), /Container\.image should not be null or empty/),
  row('container names are unique', td({ containerDefinitions: [app(), app()] }), /Container names must be unique/),
  row('no task memory: each container needs memory or memoryReservation', td({ containerDefinitions: [{ name: 'app', image: 'nginx' }] }), /At least one of 'memory' or 'memoryReservation'/),
  row('Docker refuses a memory limit under 6 MiB', td({ containerDefinitions: [app({ memory: 5 })] }), /Invalid 'memory' setting for container 'app'/),
  row('the soft limit cannot exceed the hard one', td({ containerDefinitions: [app({ memory: 128, memoryReservation: 256 })] }), /'memoryReservation'/),
  row('all containers non-essential: nothing decides when the task ends', td({ containerDefinitions: [app({ essential: false })] }), /doesn't have any essential container/),
  row('a port mapping needs a containerPort', td({ containerDefinitions: [app({ portMappings: [{ hostPort: 80 }] })] }), /Invalid 'containerPort' setting for container 'app'/),
  row('ports stop at 65535', td({ containerDefinitions: [app({ portMappings: [{ containerPort: 70000 }] })] }), /Invalid 'containerPort'/),
  row('host ports stop at 65535 too', td({ containerDefinitions: [app({ portMappings: [{ containerPort: 80, hostPort: 65536 }] })] }), /Invalid 'hostPort'/),
  row('awsvpc shares the port space: host port must equal container port', awsvpc([app({ portMappings: [{ containerPort: 80, hostPort: 8080 }] })]), /When networkMode=awsvpc, the host ports and container ports in port mappings must match/),
  row('host networking likewise', td({ networkMode: 'host', containerDefinitions: [app({ portMappings: [{ containerPort: 80, hostPort: 81 }] })] }), /When networkMode=host/),
  row('two containers cannot bind one host port', td({ containerDefinitions: [app({ portMappings: [{ containerPort: 80, hostPort: 8080 }] }), side({ portMappings: [{ containerPort: 81, hostPort: 8080 }] })] }), /host port 8080\/tcp is mapped more than once/),
  row('in awsvpc two containers cannot listen on one port', awsvpc([app({ portMappings: [{ containerPort: 80 }] }), side({ portMappings: [{ containerPort: 80 }] })]), /host port 80\/tcp/),
  row('networkMode none has no ports to map', td({ networkMode: 'none', containerDefinitions: [app({ portMappings: [{ containerPort: 80 }] })] }), /networkMode=none/),
  row('a mount point names a declared volume', td({ containerDefinitions: [app({ mountPoints: [{ sourceVolume: 'data', containerPath: '/d' }] })] }), /Unknown volume 'data'/),
  row('a mount point without a volume is an unknown one', td({ containerDefinitions: [app({ mountPoints: [{ containerPath: '/d' }] })] }), /Unknown volume 'null'/),
  row('volumesFrom names another container of the task', td({ containerDefinitions: [app({ volumesFrom: [{ sourceContainer: 'ghost' }] })] }), /'volumesFrom'.*ghost/),
  row('links only exist on the bridge network', awsvpc([app({ links: ['side'] }), side()]), /Links are not supported when networkMode=awsvpc/),
  row('a link names a container of the task', td({ containerDefinitions: [app({ links: ['ghost:db'] })] }), /'links'.*ghost/),
  row('dependsOn names a container of the task', td({ containerDefinitions: [app({ dependsOn: [{ containerName: 'ghost', condition: 'START' }] })] }), /'dependsOn'.*ghost/),
  row('a container cannot wait on itself', td({ containerDefinitions: [app({ dependsOn: [{ containerName: 'app', condition: 'START' }] })] }), /'dependsOn'/),
  row('a container waited on to finish cannot be essential', td({ containerDefinitions: [app({ dependsOn: [{ containerName: 'side', condition: 'SUCCESS' }] }), side()] }), /SUCCESS or COMPLETE condition cannot be an essential container/),
  row('volume names are unique', td({ volumes: [{ name: 'data' }, { name: 'data' }] }), /Volume names must be unique/),
  row('a volume needs a name', td({ volumes: [{ host: { sourcePath: '/tmp' } }] }), /Volume\.name should not be null or empty/),
  row('health check interval is 5–300 s', td({ containerDefinitions: [app({ healthCheck: { command: ['CMD', 'true'], interval: 4 } })] }), /'interval' must be between 5 and 300/),
  row('health check timeout is 2–60 s', td({ containerDefinitions: [app({ healthCheck: { command: ['CMD', 'true'], timeout: 61 } })] }), /'timeout' must be between 2 and 60/),
  row('health check retries are 1–10', td({ containerDefinitions: [app({ healthCheck: { command: ['CMD', 'true'], retries: 0 } })] }), /'retries' must be between 1 and 10/),
  row('health check start period is 0–300 s', td({ containerDefinitions: [app({ healthCheck: { command: ['CMD', 'true'], startPeriod: 301 } })] }), /'startPeriod' must be between 0 and 300/),
  row('a ulimit soft limit cannot exceed its hard limit', td({ containerDefinitions: [app({ ulimits: [{ name: 'nofile', softLimit: 2048, hardLimit: 1024 }] })] }), /soft limit of 'nofile'/),
  row('awslogs needs a group and a region', td({ containerDefinitions: [app({ logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-stream-prefix': 'x' } } })] }), /Log driver awslogs requires options: awslogs-region, awslogs-group/),
  row('awslogs names the option still missing', td({ containerDefinitions: [app({ logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/g' } } })] }), /requires options: awslogs-region$/),
  row('a restart policy ignores at most 50 exit codes', td({ containerDefinitions: [app({ restartPolicy: { enabled: true, ignoredExitCodes: Array.from({ length: 51 }, (_, i) => i) } })] }), /Invalid 'restartPolicy' setting for container 'app'\. 'ignoredExitCodes' can list at most 50/),
  row('a restart attempt period is at least 60 s', td({ containerDefinitions: [app({ restartPolicy: { enabled: true, restartAttemptPeriod: 59 } })] }), /'restartAttemptPeriod' must be between 60 and 1800 seconds/),
  row('a restart attempt period is at most 1800 s, enabled or not', td({ containerDefinitions: [app({ restartPolicy: { enabled: false, restartAttemptPeriod: 1801 } })] }), /'restartAttemptPeriod' must be between 60 and 1800/),
  row('task cpu is units or vCPUs', td({ cpu: 'lots' }), /Invalid 'cpu' setting for task/),
  row('task cpu is at least 128 units', td({ cpu: '64' }), /Invalid 'cpu' setting for task/),
  row('task memory is MiB or GB', td({ memory: '1 TB' }), /Invalid 'memory' setting for task/),
  row('containers cannot claim more cpu than the task has', td({ cpu: '256', containerDefinitions: [app({ cpu: 200 }), side({ cpu: 100 })] }), /sum of all container 'cpu' values/),
  row('a container limit cannot exceed the task memory', td({ memory: '512', containerDefinitions: [app({ memory: 1024 })] }), /'memory' setting for container 'app' is greater than for the task/),
  row('reservations together cannot exceed the task memory', td({ memory: '512', containerDefinitions: [{ name: 'app', image: 'nginx', memoryReservation: 300 }, { name: 'side', image: 'busybox', memoryReservation: 300 }] }), /sum of all container 'memoryReservation'/),
  row('Fargate runs awsvpc only', td({ requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512' }), /Fargate only supports network mode 'awsvpc'/),
  row('Fargate needs task cpu', td({ requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', memory: '512' }), /Fargate requires that 'cpu' be defined at the task level/),
  row('Fargate runs only listed cpu/memory pairs', td({ requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '4096' }), /No Fargate configuration exists for given values: 256 CPU, 4096 memory/),
]
