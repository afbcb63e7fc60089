import { CreateClusterCommand, DescribeClustersCommand, ECSClient, ListClustersCommand, TagResourceCommand, type Tag } from '@aws-sdk/client-ecs'
import Database from 'better-sqlite3'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { Prng, fuzzSeed } from '../../testing/prng.js'
import { TEST_CREDENTIALS } from '../../testing/server.js'
import { spawnBerth, type SpawnedBerth } from '../../testing/spawn-berth.js'
import { MIGRATIONS } from './migrations.js'

/**
 * Kills a real `berth server` with SIGKILL in the middle of a burst of writes, restarts it on
 * the same data folder, and checks the store kept its promises: every write the server
 * acknowledged is there, and every transaction is whole or absent (a cluster never shows
 * some of the tags it was created with, nor part of a TagResource batch).
 *
 * What this proves is atomicity and ack-after-commit against a process crash. A power cut is
 * a different test: the OS page cache survives SIGKILL, so fsync (synchronous=FULL) is not
 * what is being exercised here.
 */
const ROUNDS = 3
const WORKERS = 8
const CREATE_TAGS = 6
const BATCHES = 3
const BATCH_TAGS = 4

/** What one cluster was sent and what the server acknowledged of it. */
interface Sent {
  name: string
  createTags: Tag[]
  createAcked: boolean
  batches: Tag[][]
  /** Batches sent (all acked but perhaps the last). */
  batchesSent: number
  batchesAcked: number
}

describe('the store across SIGKILL of a real server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-crash-'))
  const seed = fuzzSeed()
  const rng = new Prng(seed)
  const sent = new Map<string, Sent>()
  after(() => rmSync(dir, { recursive: true, force: true }))

  it(`keeps every acknowledged write and no half-written one, over ${ROUNDS} kills`, async (t) => {
    t.diagnostic(`seed ${seed} (rerun with BERTH_FUZZ_SEED=${seed})`)
    for (let round = 0; round < ROUNDS; round++) {
      const server = await spawnBerth('server', dir)
      const ecs = client(server.endpoint)
      try {
        await verify(ecs, sent, `round ${round}, after restart`)
        // Kill once this many writes are acknowledged: mid-burst however fast the machine is.
        await burst(ecs, server, round, rng.between(20, 60))
      } finally {
        ecs.destroy()
        await server.stop('SIGKILL')
      }
    }
    const server = await spawnBerth('server', dir)
    const ecs = client(server.endpoint)
    try {
      await verify(ecs, sent, 'after the last restart')
      const acked = [...sent.values()].reduce((n, s) => n + Number(s.createAcked) + s.batchesAcked, 0)
      assert.ok(acked >= ROUNDS * 20, `only ${acked} writes were acknowledged in all`)
    } finally {
      ecs.destroy()
      assert.equal(await server.stop('SIGTERM'), 0, 'a clean stop exits 0')
    }
  })

  /** WORKERS clients each create clusters and tag them, one request at a time, until the kill. */
  async function burst(ecs: ECSClient, server: SpawnedBerth, round: number, killAfter: number) {
    let acked = 0
    const ack = () => {
      if (++acked === killAfter) server.child.kill('SIGKILL')
    }
    const worker = async (w: number) => {
      for (let i = 0; ; i++) {
        const s: Sent = {
          name: `r${round}-w${w}-${i}`,
          createTags: tags(`c`, CREATE_TAGS),
          createAcked: false,
          batches: Array.from({ length: BATCHES }, (_, b) => tags(`b${b}-`, BATCH_TAGS)),
          batchesSent: 0,
          batchesAcked: 0,
        }
        sent.set(s.name, s)
        await ecs.send(new CreateClusterCommand({ clusterName: s.name, tags: s.createTags }))
        s.createAcked = true
        ack()
        for (const batch of s.batches) {
          s.batchesSent++
          await ecs.send(new TagResourceCommand({ resourceArn: arnOf(s.name), tags: batch }))
          s.batchesAcked++
          ack()
        }
      }
    }
    // Every worker ends with the connection error the kill causes.
    const outcomes = await Promise.allSettled(Array.from({ length: WORKERS }, (_, w) => worker(w)))
    assert.ok(outcomes.every((o) => o.status === 'rejected'))
    assert.ok(acked >= killAfter, `only ${acked} writes were acknowledged before the server died`)
  }

  const tags = (prefix: string, n: number): Tag[] =>
    Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `v${rng.int(1_000_000)}` }))
})

const arnOf = (name: string) => `arn:aws:ecs:${DEFAULT_PARTITION.region}:${DEFAULT_PARTITION.accountId}:cluster/${name}`

const client = (endpoint: string) =>
  new ECSClient({ endpoint, region: DEFAULT_PARTITION.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 })

/** Every cluster the server has is one that was sent, whole; every acknowledged write is there. */
async function verify(ecs: ECSClient, sent: ReadonlyMap<string, Sent>, when: string) {
  const arns: string[] = []
  let nextToken: string | undefined
  do {
    const page = await ecs.send(new ListClustersCommand({ nextToken }))
    arns.push(...(page.clusterArns ?? []))
    nextToken = page.nextToken
  } while (nextToken)
  const found = new Map<string, Tag[]>()
  for (let i = 0; i < arns.length; i += 100) {
    const res = await ecs.send(new DescribeClustersCommand({ clusters: arns.slice(i, i + 100), include: ['TAGS'] }))
    for (const c of res.clusters ?? []) found.set(c.clusterName!, c.tags ?? [])
  }
  for (const [name, tags] of found) {
    const s = sent.get(name)
    assert.ok(s, `${when}: cluster ${name} exists but was never sent`)
    // Acked batches must all be there; the one in flight at the kill is there whole or not at all.
    const allowed = [s.batchesAcked, s.batchesSent].map((n) => [...s.createTags, ...s.batches.slice(0, n).flat()])
    assert.ok(
      allowed.some((want) => JSON.stringify(want) === JSON.stringify(tags.map((t) => ({ key: t.key, value: t.value })))),
      `${when}: cluster ${name} has tags ${JSON.stringify(tags)}; expected one of ${JSON.stringify(allowed)}`,
    )
  }
  for (const s of sent.values()) {
    if (s.createAcked) assert.ok(found.has(s.name), `${when}: acknowledged cluster ${s.name} is gone`)
  }
}

describe('berth server on a data folder from a newer Berth', () => {
  it('refuses to start, says why, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-newer-'))
    try {
      const db = new Database(join(dir, 'berth.db'))
      db.pragma(`user_version = ${MIGRATIONS.length + 1}`)
      db.close()
      await assert.rejects(spawnBerth('server', dir), /exited \(1\)[\s\S]*newer than this Berth knows[\s\S]*upgrade Berth/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
