import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import cloudwatchModel from '../core/aws-model/cloudwatch.json' with { type: 'json' }
import ecsModel from '../core/aws-model/ecs.json' with { type: 'json' }
import logsModel from '../core/aws-model/logs.json' with { type: 'json' }
import scalingModel from '../core/aws-model/application-autoscaling.json' with { type: 'json' }
import { implementedScalingOperations, SCALING_TARGET_PREFIX } from './autoscaling/index.js'
import { systemClock } from '../core/clock.js'
import { DEFAULT_PARTITION } from '../core/config.js'
import type { Logger } from '../core/log.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import { createFuzzGenerator, type FuzzGenerator } from '../testing/fuzz-inputs.js'
import { fuzzSeed, Prng } from '../testing/prng.js'
import { startTestServer, type TestServer } from '../testing/server.js'
import { openStoreDump, type StoreDump } from '../testing/store-dump.js'
import { openMetricStore } from '../metrics/open-metric-store.js'
import { realTimers } from '../core/timers.js'
import { createApp } from './app.js'
import { implementedCloudWatchOperations } from './cloudwatch/index.js'
import { ECS_TARGET_PREFIX, implementedEcsOperations } from './ecs/index.js'
import { implementedLogsOperations, LOGS_TARGET_PREFIX } from './logs/index.js'
import type { Router } from './router.js'
import type { ServiceModel } from './shapes/model.js'

/**
 * Throws a few hundred hostile requests at every implemented operation of every JSON service,
 * in-process, and checks what must hold for any input: no 5xx, every error names its `__type`
 * and `message`, and a request that failed (or only read) left every table of the store
 * exactly as it was. Operations added later are covered with no change here: the lists come
 * from the operation tables, the inputs from the models. Reproduce a failure with
 * BERTH_FUZZ_SEED=<seed>.
 */
interface FuzzedService {
  name: string
  prefix: string
  model: ServiceModel
  operations: readonly string[]
  /** Requests that create what plausible inputs name, so that they reach real resources and write. */
  setup: readonly [operation: string, input: unknown][]
}

const SCALING_REF = { ServiceNamespace: 'ecs', ScalableDimension: 'ecs:service:DesiredCount', ResourceId: 'service/fuzz/fuzz' }
const ARN = `arn:aws:ecs:${DEFAULT_PARTITION.region}:${DEFAULT_PARTITION.accountId}:`
const SERVICES: readonly FuzzedService[] = [
  {
    name: 'ECS',
    prefix: ECS_TARGET_PREFIX,
    model: ecsModel as unknown as ServiceModel,
    operations: implementedEcsOperations(),
    setup: [
      ...['fuzz', 'default'].map((name): [string, unknown] => ['CreateCluster', { clusterName: name, tags: [{ key: 'key', value: 'value' }] }]),
      ['RegisterTaskDefinition', { family: 'fuzz', containerDefinitions: [{ name: 'fuzz', image: 'fuzz', memory: 64, portMappings: [{ containerPort: 80 }] }] }],
      // A service in each cluster, so that the service actions reach a real one and write.
      ...['fuzz', 'default'].map((cluster): [string, unknown] => ['CreateService', { cluster, serviceName: 'fuzz', taskDefinition: 'fuzz', desiredCount: 1 }]),
    ],
  },
  {
    name: 'CloudWatch Logs',
    prefix: LOGS_TARGET_PREFIX,
    model: logsModel as unknown as ServiceModel,
    operations: implementedLogsOperations(),
    setup: [
      ['CreateLogGroup', { logGroupName: 'fuzz', tags: { key: 'value' } }],
      ['CreateLogStream', { logGroupName: 'fuzz', logStreamName: 'fuzz' }],
    ],
  },
  {
    name: 'CloudWatch (JSON 1.0)',
    prefix: 'GraniteServiceVersion20100801',
    model: cloudwatchModel as unknown as ServiceModel,
    operations: implementedCloudWatchOperations(),
    setup: [['PutMetricData', { Namespace: 'fuzz', MetricData: [{ MetricName: 'fuzz', Value: 1, Dimensions: [{ Name: 'key', Value: 'value' }] }] }]],
  },
  {
    name: 'Application Auto Scaling',
    prefix: SCALING_TARGET_PREFIX,
    model: scalingModel as unknown as ServiceModel,
    operations: implementedScalingOperations(),
    setup: [
      ['RegisterScalableTarget', { ...SCALING_REF, MinCapacity: 1, MaxCapacity: 3 }],
      ['PutScalingPolicy', { ...SCALING_REF, PolicyName: 'fuzz', PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: { TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } } }],
      ['PutScheduledAction', { ...SCALING_REF, ScheduledActionName: 'fuzz', Schedule: 'rate(1 day)', ScalableTargetAction: { MinCapacity: 1 } }],
    ],
  },
]
/** Names of the things setup made, and values that fit common members, for plausible inputs. */
const POOLS = [
  'fuzz',
  'default',
  `${ARN}cluster/fuzz`,
  `${ARN}cluster/default`,
  'fuzz:1',
  `${ARN}task-definition/fuzz:1`,
  `${ARN}service/fuzz/fuzz`,
  `${ARN}service/fuzz`,
  'key',
  'value',
  'enabled',
  '1',
  'ecs',
  'ecs:service:DesiredCount',
  'service/fuzz/fuzz',
]
const CASES = { random: 60, mutated: 160, plausible: 80 }

const MALFORMED: readonly [string, string | Buffer][] = [
  ['broken JSON', '{"a":'],
  ['single quotes', "{'a':1}"],
  ['trailing comma', '{"a":1,}'],
  ['unterminated string', '{"a":"'],
  ['a JSON array', '[]'],
  ['a JSON number', '42'],
  ['a JSON string', '"s"'],
  ['JSON null', 'null'],
  ['JSON true', 'true'],
  ['an empty body', ''],
  ['whitespace only', ' \n\t'],
  ['a byte-order mark', '\ufeff{}'],
  ['a trailing NUL', '{}\u0000'],
  ['an exponent past double range', '{"maxResults":1e999}'],
  ['invalid UTF-8 only', Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff])],
]

interface Failure {
  target: string
  label: string
  problems: string[]
  status: number
  response: string
  request: string
  logged: string
}

describe('fuzzing every JSON operation in-process', () => {
  const seed = fuzzSeed()
  const rng = new Prng(seed)
  const logged: unknown[] = []
  const logger: Logger = { info: () => {}, warn: () => {}, error: (_m, f) => logged.push(f?.['error']) }
  let dir: string
  let store: SqliteStore
  let router: Router
  let metrics: ReturnType<typeof openMetricStore>
  let db: StoreDump
  let state: string
  let version: number
  /**
   * The store's full dump, read again only when some commit has happened since the last read
   * (data_version says so): most requests fail, and dumping twice around each was the whole
   * cost of this test once successful ones had stored a few megabyte-sized strings.
   */
  const dumpIfChanged = () => {
    const v = db.version()
    if (v !== version) {
      state = db.dump()
      version = v
    }
    return state
  }

  before(async () => {
    // tmpfs when there is one: successful writes fsync, and a few hundred of them on disk are slow.
    dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'berth-fuzz-'))
    store = new SqliteStore({ path: join(dir, 'berth.db') })
    metrics = openMetricStore({ clock: systemClock, timers: realTimers, logger })
    router = createApp({ store, clock: systemClock, partition: DEFAULT_PARTITION, logger, metrics })
    for (const service of SERVICES) {
      for (const [operation, input] of service.setup) {
        const res = await send(`${service.prefix}.${operation}`, JSON.stringify(input))
        assert.equal(res.status, 200, `setup ${operation}: ${res.body}`)
      }
    }
    db = openStoreDump(join(dir, 'berth.db'))
    version = db.version()
    state = db.dump()
  })
  after(async () => {
    metrics.close()
    db.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const send = (target: string, body: string | Buffer) =>
    router.handle({
      method: 'POST',
      path: '/',
      headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
      body: Buffer.isBuffer(body) ? body : Buffer.from(body),
    })

  /** Sends one request and returns what is wrong with the outcome, if anything. */
  async function check(target: string, label: string, body: string | Buffer): Promise<Failure | undefined> {
    const before = dumpIfChanged()
    logged.length = 0
    const res = await send(target, body)
    const after = dumpIfChanged()
    const problems: string[] = []
    if (res.status >= 500) problems.push(`status ${res.status}`)
    const json = parseObject(res.body)
    if (!json) problems.push('the response body is not a JSON object')
    // Application Auto Scaling's errors carry `Message`, ECS's and Logs' `message`.
    else if (res.status !== 200 && (typeof json['__type'] !== 'string' || typeof (json['message'] ?? json['Message']) !== 'string')) {
      problems.push('the error body lacks a string __type or message')
    }
    if (res.status !== 200 && after !== before) problems.push('a failed request changed the store')
    if (/\.(Describe|List|Get|Filter)/.test(target) && after !== before) problems.push('a read-only request changed the store')
    if (problems.length === 0) return undefined
    const request = Buffer.isBuffer(body) ? body.toString('hex') : body
    return { target, label, problems, status: res.status, response: res.body.slice(0, 300), request: clip(request), logged: logged.map(String).join(' | ') }
  }

  for (const service of SERVICES) {
    const gen: FuzzGenerator = createFuzzGenerator(service.model, rng, POOLS)
    for (const operation of service.operations) {
      const input = service.model.operations[operation]?.input
      const members = Object.keys((input && service.model.shapes[input]?.members) ?? {})
      const total = MALFORMED.length + (input ? members.length + Object.values(CASES).reduce((a, b) => a + b) : 0)
      it(`${service.name} ${operation} survives ${total} hostile requests`, async (t) => {
        t.diagnostic(`seed ${seed} (rerun with BERTH_FUZZ_SEED=${seed})`)
        const target = `${service.prefix}.${operation}`
        const failures: Failure[] = []
        const run = async (label: string, body: string | Buffer) => {
          const f = await check(target, label, body)
          if (f) failures.push(f)
        }
        for (const [label, body] of MALFORMED) await run(label, body)
        if (input) {
          for (const member of members) {
            await run(`invalid UTF-8 in ${member}`, Buffer.concat([Buffer.from(`{"${member}":"`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]))
          }
          for (let i = 0; i < CASES.random; i++) await run(`random #${i}`, gen.serialize(gen.random(input)))
          for (let i = 0; i < CASES.mutated; i++) await run(`mutated #${i}`, gen.serialize(gen.mutated(input)))
          for (let i = 0; i < CASES.plausible; i++) await run(`plausible #${i}`, gen.serialize(gen.plausible(input)))
        }
        assert.deepEqual(failures.slice(0, 5), [], `seed ${seed}: ${failures.length} bad outcome(s) for ${target}; rerun with BERTH_FUZZ_SEED=${seed}`)
      })
    }
  }

  it('answers UnknownOperationException for every target it does not serve, and changes nothing', async () => {
    const targets = ['', 'NoDot', '.CreateCluster', 'Other_20240101.CreateCluster']
    for (const service of SERVICES) {
      const implemented = new Set(service.operations)
      const p = service.prefix
      targets.push(p, `${p}.`, `${p}.createcluster`, `${p}.CreateCluster.Extra`)
      // Names every JavaScript object has: a lookup by operation name must not find them.
      targets.push(...['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'].map((n) => `${p}.${n}`))
      // ECS answers its model's other operations by name (ecs/not-implemented.test.ts).
      if (service.prefix !== ECS_TARGET_PREFIX) targets.push(...Object.keys(service.model.operations).filter((op) => !implemented.has(op)).map((op) => `${p}.${op}`))
    }
    for (const target of targets) {
      const before = dumpIfChanged()
      const res = await send(target, '{}')
      assert.equal(res.status, 400, `${target}: ${res.body}`)
      assert.equal(parseObject(res.body)?.['__type'], 'UnknownOperationException', `${target}: ${res.body}`)
      assert.equal(dumpIfChanged(), before, target)
    }
    const none = await router.handle({ method: 'POST', path: '/', headers: {}, body: Buffer.from('{}') })
    assert.equal(parseObject(none.body)?.['__type'], 'UnknownOperationException')
  })
})

describe('oversized bodies through the real HTTP server', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  const big = Buffer.alloc(3 * 1024 * 1024, 'a')
  for (const framing of ['content-length', 'chunked'] as const) {
    it(`refuses a 3 MB body sent with ${framing} with a 413 JSON error, and keeps serving`, async () => {
      const res = await post(t.endpoint, 'ListClusters', big, framing)
      assert.equal(res.status, 413)
      const json = parseObject(res.body)
      assert.equal(json?.['__type'], 'SerializationException')
      assert.equal(typeof json?.['message'], 'string')
      assert.equal((await post(t.endpoint, 'ListClusters', Buffer.from('{}'), 'content-length')).status, 200)
    })
  }
})

/** One POST over a fresh connection, the body framed as asked. */
function post(endpoint: string, operation: string, body: Buffer, framing: 'content-length' | 'chunked') {
  const url = new URL(endpoint)
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const headers: Record<string, string | number> = { 'x-amz-target': `${ECS_TARGET_PREFIX}.${operation}`, 'content-type': 'application/x-amz-json-1.1' }
    if (framing === 'content-length') headers['content-length'] = body.length
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers, agent: false }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    if (framing === 'chunked') for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024))
    req.end(framing === 'chunked' ? undefined : body)
  })
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

const clip = (s: string) => (s.length > 400 ? `${s.slice(0, 400)}… (${s.length} chars)` : s)
