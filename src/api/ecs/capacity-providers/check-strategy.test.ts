import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { checkStrategy } from './check-strategy.js'

const associated = ['cp-a', 'cp-b', 'FARGATE', 'FARGATE_SPOT']

describe('checkStrategy', () => {
  const accepted = [
    // why: ECS's defaults filled in; a lone weight-0 item still takes the tasks
    { strategy: [{ capacityProvider: 'cp-a' }], want: [{ capacityProvider: 'cp-a', weight: 1, base: 0 }] },
    {
      strategy: [{ capacityProvider: 'cp-a', base: 2, weight: 1 }, { capacityProvider: 'cp-b', weight: 3 }],
      want: [{ capacityProvider: 'cp-a', weight: 1, base: 2 }, { capacityProvider: 'cp-b', weight: 3, base: 0 }],
    },
    {
      strategy: [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }],
      want: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 }],
    },
  ]
  for (const [n, { strategy, want }] of accepted.entries()) {
    it(`accepts strategy ${n}`, () => assert.deepEqual(checkStrategy(strategy, associated), want))
  }

  const refused = [
    // why: only the cluster's providers (ECS's text)
    { strategy: [{ capacityProvider: 'cp-z', weight: 1 }], error: /not associated with the cluster/ },
    // why: at most one base
    { strategy: [{ capacityProvider: 'cp-a', base: 1, weight: 1 }, { capacityProvider: 'cp-b', base: 1, weight: 1 }], error: /Only one capacity provider .* base/ },
    // why: several items, all weight 0: no task could go anywhere beyond the base
    { strategy: [{ capacityProvider: 'cp-a', base: 1 }, { capacityProvider: 'cp-b' }], error: /weight greater than zero/ },
    // why: Fargate and Auto Scaling group providers do not mix (ECS's text)
    { strategy: [{ capacityProvider: 'cp-a', weight: 1 }, { capacityProvider: 'FARGATE', weight: 1 }], error: /mix of capacity providers/ },
    { strategy: [{ capacityProvider: 'cp-a', weight: 1 }, { capacityProvider: 'cp-a', weight: 2 }], error: /more than once/ },
    { strategy: Array.from({ length: 21 }, (_, i) => ({ capacityProvider: `p${i}`, weight: 1 })), error: /maximum of 20/ },
  ]
  for (const { strategy, error } of refused) {
    it(`refuses: ${error.source}`, () =>
      assert.throws(() => checkStrategy(strategy, associated), (e: { code: string; message: string }) => e.code === 'InvalidParameterException' && error.test(e.message)))
  }
})
