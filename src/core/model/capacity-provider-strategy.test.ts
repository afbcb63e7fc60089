import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { assignCapacityProviders, withDefaults } from './capacity-provider-strategy.js'

const count = (names: string[]): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const n of names) out[n] = (out[n] ?? 0) + 1
  return out
}

describe('assignCapacityProviders', () => {
  const rows: { name: string; strategy: { capacityProvider: string; weight?: number; base?: number }[]; placed?: Record<string, number>; n: number; want: Record<string, number>; order?: string[] }[] = [
    { name: 'one provider takes everything', strategy: [{ capacityProvider: 'FARGATE', weight: 1 }], n: 3, want: { FARGATE: 3 } },
    { name: 'the base first, in order', strategy: [{ capacityProvider: 'FARGATE', base: 2, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 1 }], n: 2, want: { FARGATE: 2 } },
    { name: 'equal weights split evenly', strategy: [{ capacityProvider: 'A', weight: 1 }, { capacityProvider: 'B', weight: 1 }], n: 4, want: { A: 2, B: 2 }, order: ['A', 'B', 'A', 'B'] },
    { name: "AWS's 1 : 4 example", strategy: [{ capacityProvider: 'A', weight: 1 }, { capacityProvider: 'B', weight: 4 }], n: 10, want: { A: 2, B: 8 } },
    { name: 'issue 9: FARGATE base 1 weight 1, FARGATE_SPOT weight 3, 8 tasks', strategy: [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }], n: 8, want: { FARGATE: 3, FARGATE_SPOT: 5 } },
    { name: 'a base-only provider with weight 0 gets no more than its base', strategy: [{ capacityProvider: 'A', base: 1 }, { capacityProvider: 'B', weight: 1 }], n: 4, want: { A: 1, B: 3 } },
    { name: 'what is placed already counts (a service growing)', strategy: [{ capacityProvider: 'A', weight: 1 }, { capacityProvider: 'B', weight: 1 }], placed: { A: 3 }, n: 3, want: { B: 3 } },
    { name: 'no weight anywhere and bases met: nothing', strategy: [{ capacityProvider: 'A', base: 1 }], placed: { A: 1 }, n: 2, want: {} },
  ]
  for (const r of rows) {
    it(r.name, () => {
      const got = assignCapacityProviders(withDefaults(r.strategy), new Map(Object.entries(r.placed ?? {})), r.n)
      assert.deepEqual(count(got), r.want)
      if (r.order) assert.deepEqual(got, r.order)
    })
  }
})
