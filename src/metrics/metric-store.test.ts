import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import Database from 'better-sqlite3'
import { ManualClock } from '../core/clock.js'
import { silentLogger } from '../core/log.js'
import { ManualTimers } from '../testing/timers.js'
import { metricId, single, type Observation } from './metric-store.js'
import { FLUSH_INTERVAL_MS, openMetricStore } from './open-metric-store.js'
import { pickResolution } from './rollup.js'

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0)
const S = 1000
const M = 60 * S
const H = 60 * M
const cpu = metricId('Berth/Test', 'CPU', [{ name: 'Service', value: 'web' }])

const obs = (at: number, value: number, extra: Partial<Observation> = {}): Observation => ({
  metric: cpu,
  timestamp: T0 + at,
  values: single(value),
  storageResolution: 60,
  ...extra,
})

function fixture(o: { maxSeries?: number; path?: string } = {}) {
  const clock = new ManualClock(T0)
  const timers = new ManualTimers(clock)
  const store = openMetricStore({ clock, timers, logger: silentLogger, path: o.path, maxSeries: o.maxSeries })
  return { clock, timers, store }
}

/** [offset from T0 in s, sampleCount, sum, min, max] per period. */
const rows = (points: ReturnType<ReturnType<typeof fixture>['store']['query']>) =>
  points.map((p) => [(p.timestamp - T0) / 1000, p.sampleCount, p.sum, p.minimum, p.maximum])

describe('pickResolution: the finest resolution that divides the period and still holds the range', () => {
  const now = T0
  const cases: [period: number, startAgo: number, expected: number | undefined][] = [
    [1, 10 * M, 1],
    [5, 10 * M, 1],
    [10, 10 * M, 10],
    [30, 10 * M, 10],
    [60, 10 * M, 10],
    [300, 10 * M, 10],
    [60, 4 * H, 60],
    [3600, 25 * H, 60],
    [10, 4 * H, 10], // no finer resolution divides 10 and none holds 4 h ago: answers what it has
    [7, 10 * M, 1],
    [0.5, 10 * M, undefined],
  ]
  for (const [period, ago, expected] of cases) {
    it(`period ${period}s from ${ago / M} min ago → ${expected}`, () => assert.equal(pickResolution(period, now - ago, now), expected))
  }
})

describe('metric store: rollups and queries', () => {
  it('answers each period from the rollups, high resolution per second', () => {
    const { store } = fixture()
    store.put([
      obs(0, 1, { storageResolution: 1 }),
      obs(1 * S, 2, { storageResolution: 1 }),
      obs(4 * S, 3, { storageResolution: 1 }),
      obs(12 * S, 4, { storageResolution: 1 }),
      obs(61 * S, 10),
    ])
    const q = (periodSeconds: number) => rows(store.query({ metric: cpu, startTime: T0, endTime: T0 + 2 * M, periodSeconds }))
    const cases: [number, number[][]][] = [
      [1, [[0, 1, 1, 1, 1], [1, 1, 2, 2, 2], [4, 1, 3, 3, 3], [12, 1, 4, 4, 4]]], // the standard-resolution point is not held per second
      [5, [[0, 3, 6, 1, 3], [10, 1, 4, 4, 4]]],
      [10, [[0, 3, 6, 1, 3], [10, 1, 4, 4, 4], [60, 1, 10, 10, 10]]],
      [30, [[0, 4, 10, 1, 4], [60, 1, 10, 10, 10]]],
      [60, [[0, 4, 10, 1, 4], [60, 1, 10, 10, 10]]],
      [120, [[0, 5, 20, 1, 10]]],
    ]
    for (const [period, expected] of cases) assert.deepEqual(q(period), expected, `period ${period}`)
  })

  it('answers periods starting in [startTime, endTime) only', () => {
    const { store } = fixture()
    store.put([obs(0, 1), obs(M, 2), obs(2 * M, 3)])
    assert.deepEqual(rows(store.query({ metric: cpu, startTime: T0 + M, endTime: T0 + 2 * M, periodSeconds: 60 })), [[60, 1, 2, 2, 2]])
  })

  it('keeps units apart when asked for one, merges them when not', () => {
    const { store } = fixture()
    store.put([obs(0, 1, { unit: 'Percent' }), obs(S, 3, { unit: 'Count' }), obs(2 * S, 5)])
    const q = (unit?: string) => store.query({ metric: cpu, startTime: T0, endTime: T0 + M, periodSeconds: 60, unit })
    assert.deepEqual(rows(q('Percent')), [[0, 1, 1, 1, 1]])
    assert.equal(q('Percent')[0]?.unit, 'Percent')
    assert.deepEqual(rows(q('None')), [[0, 1, 5, 5, 5]])
    assert.deepEqual(rows(q()), [[0, 3, 9, 1, 5]])
    assert.equal(q()[0]?.unit, undefined)
  })

  it('drops 1 s and 10 s data after 3 hours and 1-minute data after 26 hours', () => {
    const { store, timers } = fixture()
    store.put([obs(0, 1, { storageResolution: 1 }), obs(10 * S, 2)])
    const q = (periodSeconds: number) => rows(store.query({ metric: cpu, startTime: T0, endTime: T0 + M, periodSeconds }))
    timers.advance(3 * H + 2 * M) // the flush timer expires on its way
    assert.deepEqual(q(1), [])
    assert.deepEqual(q(10), [])
    assert.deepEqual(q(60), [[0, 2, 3, 1, 2]])
    assert.equal(store.list({}).length, 1)
    timers.advance(23 * H)
    assert.deepEqual(q(60), [])
    assert.deepEqual(store.list({}), [])
  })

  it('evicts the least recently put series past its cap', () => {
    const { store } = fixture({ maxSeries: 2 })
    const m = (name: string) => metricId('Berth/Test', name)
    store.put([obs(0, 1, { metric: m('a') }), obs(0, 1, { metric: m('b') })])
    store.put([obs(S, 1, { metric: m('a') })]) // a is now the most recent
    store.put([obs(2 * S, 1, { metric: m('c') })])
    assert.deepEqual(
      store.list({}).map((x) => x.metricName),
      ['a', 'c'],
    )
  })
})

describe('metric store: list', () => {
  const { store, clock } = fixture()
  store.put([
    obs(0, 1, { metric: metricId('A', 'x', [{ name: 'Service', value: 'web' }, { name: 'Cluster', value: 'c1' }]) }),
    obs(0, 1, { metric: metricId('A', 'x', [{ name: 'Service', value: 'api' }]) }),
    obs(0, 1, { metric: metricId('A', 'y') }),
    obs(-4 * H + 5 * M, 1, { metric: metricId('B', 'x') }),
  ])
  clock.advance(M)
  const cases: [string, Parameters<typeof store.list>[0], string[]][] = [
    ['everything, by namespace, name, dimensions', {}, ['A x Cluster=c1,Service=web', 'A x Service=api', 'A y', 'B x']],
    ['by namespace', { namespace: 'B' }, ['B x']],
    ['by name', { metricName: 'x' }, ['A x Cluster=c1,Service=web', 'A x Service=api', 'B x']],
    ['a dimension with a value', { dimensions: [{ name: 'Service', value: 'web' }] }, ['A x Cluster=c1,Service=web']],
    ['a dimension by name only', { dimensions: [{ name: 'Service' }] }, ['A x Cluster=c1,Service=web', 'A x Service=api']],
    ['recently active', { activeSince: T0 - 3 * H }, ['A x Cluster=c1,Service=web', 'A x Service=api', 'A y']],
  ]
  for (const [name, filter, expected] of cases) {
    it(name, () =>
      assert.deepEqual(
        store.list(filter).map((m) => `${m.namespace} ${m.metricName}${m.dimensions.length ? ' ' + m.dimensions.map((d) => `${d.name}=${d.value}`).join(',') : ''}`),
        expected,
      ),
    )
  }
})

describe('metric store: persistence', () => {
  const withDir = (f: (path: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-metrics-'))
    try {
      f(join(dir, 'metrics.db'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it('keeps the 10 s and 1 min rollups across close and open (not the per-second data)', () =>
    withDir((path) => {
      const a = fixture({ path })
      a.store.put([obs(0, 1, { storageResolution: 1, unit: 'Percent' }), obs(15 * S, 3, { unit: 'Percent' })])
      a.store.close()
      const b = fixture({ path })
      b.clock.advance(M)
      assert.deepEqual(rows(b.store.query({ metric: cpu, startTime: T0, endTime: T0 + M, periodSeconds: 10 })), [[0, 1, 1, 1, 1], [10, 1, 3, 3, 3]])
      assert.deepEqual(rows(b.store.query({ metric: cpu, startTime: T0, endTime: T0 + M, periodSeconds: 60, unit: 'Percent' })), [[0, 2, 4, 1, 3]])
      assert.deepEqual(rows(b.store.query({ metric: cpu, startTime: T0, endTime: T0 + M, periodSeconds: 1 })), [])
      assert.deepEqual(b.store.list({}), [cpu])
      // Later puts merge into the loaded buckets.
      b.store.put([obs(20 * S, 5, { unit: 'Percent' })])
      assert.deepEqual(rows(b.store.query({ metric: cpu, startTime: T0, endTime: T0 + M, periodSeconds: 60 })), [[0, 3, 9, 1, 5]])
      b.store.close()
    }))

  it('writes every minute while open, and deletes what is past retention', () =>
    withDir((path) => {
      const a = fixture({ path })
      a.store.put([obs(0, 1)])
      const count = () => {
        const db = new Database(path, { readonly: true })
        try {
          return (db.prepare('SELECT count(*) AS n FROM rollups').get() as { n: number }).n
        } finally {
          db.close()
        }
      }
      assert.equal(count(), 0)
      a.timers.advance(FLUSH_INTERVAL_MS)
      assert.equal(count(), 2) // its 10 s and its 1 min bucket
      a.timers.advance(3 * H)
      assert.equal(count(), 1)
      a.timers.advance(23 * H)
      assert.equal(count(), 0)
      a.store.close()
      const b = fixture({ path })
      assert.deepEqual(b.store.list({}), [])
      b.store.close()
    }))

  it('an evicted series leaves the file too', () =>
    withDir((path) => {
      const a = fixture({ path, maxSeries: 1 })
      a.store.put([obs(0, 1, { metric: metricId('N', 'old') })])
      a.timers.advance(FLUSH_INTERVAL_MS)
      a.store.put([obs(0, 1, { metric: metricId('N', 'new') })])
      a.store.close()
      const b = fixture({ path })
      assert.deepEqual(
        b.store.list({}).map((m) => m.metricName),
        ['new'],
      )
      b.store.close()
    }))
})
