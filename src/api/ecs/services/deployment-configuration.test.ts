import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DeploymentConfiguration } from '../../../core/aws-model/ecs.types.js'
import type { DeploymentSettings } from '../../../core/model/service.js'
import {
  DAEMON_MAXIMUM_PERCENT,
  defaultDeploymentSettings,
  resolveDeploymentSettings,
  toWireDeploymentConfiguration,
  type SchedulingStrategy,
} from './deployment-configuration.js'

const settings = (over: Partial<DeploymentSettings>, strategy: SchedulingStrategy = 'REPLICA'): DeploymentSettings => ({
  ...defaultDeploymentSettings(strategy),
  ...over,
})

describe('deployment configuration', () => {
  const rows: {
    why: string
    wire?: DeploymentConfiguration
    strategy?: SchedulingStrategy
    base?: DeploymentSettings
    want?: Partial<DeploymentSettings>
    error?: string
  }[] = [
    { why: 'REPLICA defaults: 200 / 100, breaker off', want: { maximumPercent: 200, minimumHealthyPercent: 100 } },
    { why: 'DAEMON defaults: 100 / 0', strategy: 'DAEMON', want: { maximumPercent: 100, minimumHealthyPercent: 0 } },
    { why: 'the seed: 200 / 50', wire: { maximumPercent: 200, minimumHealthyPercent: 50 }, want: { maximumPercent: 200, minimumHealthyPercent: 50 } },
    { why: 'one member given keeps the other default', wire: { minimumHealthyPercent: 0 }, want: { maximumPercent: 200, minimumHealthyPercent: 0 } },
    { why: 'above 200 is allowed (AWS accepts it)', wire: { maximumPercent: 400 }, want: { maximumPercent: 400 } },
    { why: '100 / 100 is allowed: ECS documents it (it blocks deployments)', wire: { maximumPercent: 100, minimumHealthyPercent: 100 }, want: { maximumPercent: 100 } },
    {
      why: 'an update merges over the current settings',
      base: settings({ maximumPercent: 150, minimumHealthyPercent: 50 }),
      wire: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      want: { maximumPercent: 150, minimumHealthyPercent: 50, deploymentCircuitBreaker: { enable: true, rollback: true } },
    },
    {
      why: 'disabled alarms are echoed',
      wire: { alarms: { alarmNames: ['a'], enable: false, rollback: true } },
      want: { alarms: { alarmNames: ['a'], enable: false, rollback: true } },
    },
    {
      why: 'enabled alarms are kept (the scheduler watches them; ECS does not check that they exist)',
      wire: { alarms: { alarmNames: ['a', 'not-yet'], enable: true, rollback: true } },
      want: { alarms: { alarmNames: ['a', 'not-yet'], enable: true, rollback: true } },
    },
    { why: 'a negative minimum', wire: { minimumHealthyPercent: -1 }, error: 'minimumHealthyPercent must be between 0 and 100' },
    { why: 'a minimum above 100', wire: { minimumHealthyPercent: 101 }, error: 'minimumHealthyPercent must be between 0 and 100' },
    { why: 'a maximum below 100 could never run desiredCount', wire: { maximumPercent: 99 }, error: 'maximumPercent must be at least 100' },
    { why: 'a negative maximum', wire: { maximumPercent: -5 }, error: 'maximumPercent must be at least 100' },
    { why: 'a daemon cannot surge (ECS text)', strategy: 'DAEMON', wire: { maximumPercent: 200 }, error: DAEMON_MAXIMUM_PERCENT },
    { why: 'a daemon takes any minimum up to 100', strategy: 'DAEMON', wire: { minimumHealthyPercent: 50 }, want: { maximumPercent: 100, minimumHealthyPercent: 50 } },
  ]
  for (const r of rows) {
    it(r.why, () => {
      const run = () => resolveDeploymentSettings(r.wire, r.strategy ?? 'REPLICA', r.base)
      if (r.error) return assert.throws(run, (e: Error & { code?: string }) => e.code === 'InvalidParameterException' && e.message.includes(r.error!))
      const got = run()
      for (const [k, v] of Object.entries(r.want ?? {})) assert.deepEqual(got[k as keyof DeploymentSettings], v, k)
    })
  }

  it('echoes every member ECS shows, defaults included', () => {
    assert.deepEqual(toWireDeploymentConfiguration(defaultDeploymentSettings('REPLICA')), {
      deploymentCircuitBreaker: { enable: false, rollback: false },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      strategy: 'ROLLING',
      bakeTimeInMinutes: 0,
    })
  })
})
