import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import elbv2Model from '../core/aws-model/elbv2.json' with { type: 'json' }
import { systemClock } from '../core/clock.js'
import { DEFAULT_PARTITION } from '../core/config.js'
import type { Logger } from '../core/log.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import { createFuzzGenerator } from '../testing/fuzz-inputs.js'
import { fuzzSeed, Prng } from '../testing/prng.js'
import { formBody, toQueryForm } from '../testing/query-form.js'
import { openStoreDump, type StoreDump } from '../testing/store-dump.js'
import { createApp } from './app.js'
import { implementedElbv2Operations } from './elbv2/index.js'
import type { Router } from './router.js'
import type { ServiceModel } from './shapes/model.js'

/**
 * fuzz.test.ts for the services that speak the query protocol: hostile forms at every
 * implemented operation, in-process. For any input: no 5xx, every error is an <ErrorResponse>
 * with a Code and a Message, and a request that failed (or only read) left the store exactly
 * as it was. The forms are written from the models' inputs (testing/query-form.ts), so most
 * reach the operations' own checks and some write. Reproduce with BERTH_FUZZ_SEED=<seed>.
 */
interface FuzzedQueryService {
  name: string
  version: string
  model: ServiceModel
  operations: readonly string[]
  setup: readonly [operation: string, input: Record<string, unknown>][]
}

const SERVICES: readonly FuzzedQueryService[] = [
  {
    name: 'ELBv2',
    version: '2015-12-01',
    model: elbv2Model as unknown as ServiceModel,
    operations: implementedElbv2Operations(),
    setup: [
      ['CreateLoadBalancer', { Name: 'fuzz', Subnets: ['subnet-0123abcd', 'subnet-4567abcd'] }],
      ['CreateTargetGroup', { Name: 'fuzz', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123abcd' }],
    ],
  },
]
const CASES = { random: 30, mutated: 80, plausible: 60 }

const MALFORMED: readonly [string, string][] = [
  ['an empty form', ''],
  ['a key without a value', 'Names'],
  ['a broken percent escape', 'Names.member.1=%E0%A4%A'],
  ['a list index of zero', 'Names.member.0=a'],
  ['a list sent as a scalar', 'Names=a'],
  ['a map entry without a key', 'Tags.entry.1.value=v'],
  ['a huge list index', 'Names.member.99999999999999999999=a'],
  ['a prototype name as a key', '__proto__.member.1=a&constructor=x'],
  ['a JSON body', '{"Names":["a"]}'],
]

describe('fuzzing every query-protocol operation in-process', () => {
  const seed = fuzzSeed()
  const rng = new Prng(seed)
  const logged: unknown[] = []
  const logger: Logger = { info: () => {}, warn: () => {}, error: (_m, f) => logged.push(f?.['error']) }
  let dir: string
  let store: SqliteStore
  let router: Router
  let db: StoreDump
  const pools = ['fuzz', 'default', '1', 'true', 'HTTP', 'instance', 'forward', 'path-pattern', '/*']

  before(async () => {
    dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'berth-qfuzz-'))
    store = new SqliteStore({ path: join(dir, 'berth.db') })
    router = createApp({ store, clock: systemClock, partition: DEFAULT_PARTITION, logger })
    for (const service of SERVICES) {
      for (const [operation, input] of service.setup) {
        const res = await send(service, operation, formBody(toQueryForm(service.model, inputOf(service, operation), input)))
        assert.equal(res.status, 200, `setup ${operation}: ${res.body}`)
        // The ARNs setup made, so plausible inputs name real resources.
        for (const arn of res.body.match(/arn:aws:[^<]+/g) ?? []) pools.push(arn)
      }
    }
    db = openStoreDump(join(dir, 'berth.db'))
  })
  after(async () => {
    db?.close()
    await store?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const inputOf = (service: FuzzedQueryService, operation: string) => service.model.operations[operation]?.input ?? ''
  const send = (service: FuzzedQueryService, operation: string, form: string) =>
    router.handle({
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: Buffer.from(`Action=${operation}&Version=${service.version}${form ? `&${form}` : ''}`),
    })

  for (const service of SERVICES) {
    for (const operation of service.operations) {
      const input = inputOf(service, operation)
      it(`${service.name} ${operation} survives hostile forms`, async (t) => {
        t.diagnostic(`seed ${seed} (rerun with BERTH_FUZZ_SEED=${seed})`)
        const gen = createFuzzGenerator(service.model, rng, pools)
        const failures: string[] = []
        let accepted = 0
        const run = async (label: string, form: string) => {
          const before = db.dump()
          logged.length = 0
          const res = await send(service, operation, form)
          const after = db.dump()
          const problems: string[] = []
          if (res.status === 200) accepted++
          if (res.status >= 500) problems.push(`status ${res.status}`)
          if (res.status !== 200 && !/<ErrorResponse[\s>][\s\S]*<Code>[^<]+<\/Code>[\s\S]*<Message>[^<]*<\/Message>/.test(res.body)) {
            problems.push('the error is not an <ErrorResponse> with a Code and a Message')
          }
          if (res.status !== 200 && after !== before) problems.push('a failed request changed the store')
          if (/^(Describe|List|Get)/.test(operation) && after !== before) problems.push('a read-only request changed the store')
          if (problems.length > 0) failures.push(`${label}: ${problems.join(', ')} → ${res.status} ${res.body.slice(0, 200)} (form ${form.slice(0, 300)}) ${logged.map(String).join(' | ')}`)
        }
        for (const [label, form] of MALFORMED) await run(label, form)
        const form = (value: unknown) => formBody(toQueryForm(service.model, input, value))
        for (let i = 0; i < CASES.random; i++) await run(`random #${i}`, form(gen.random(input)))
        for (let i = 0; i < CASES.mutated; i++) await run(`mutated #${i}`, form(gen.mutated(input)))
        for (let i = 0; i < CASES.plausible; i++) await run(`plausible #${i}`, form(gen.plausible(input)))
        t.diagnostic(`${accepted} accepted`)
        assert.deepEqual(failures.slice(0, 5), [], `seed ${seed}: ${failures.length} bad outcome(s) for ${operation}`)
      })
    }
  }
})
