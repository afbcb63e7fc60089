import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskDefinition, TaskOverride } from '../../core/aws-model/ecs.types.js'
import { compatibilitiesOf } from '../../core/model/compatibilities.js'
import { checkEc2Launch, checkFargateLaunch, FARGATE_MESSAGES, FARGATE_REFUSALS, type FargateLaunchRequest } from './launch-check.js'

/** A registered Fargate definition: `compatibilities` as RegisterTaskDefinition derives them. */
function fargateTd(over: Partial<TaskDefinition> = {}): TaskDefinition {
  const td: TaskDefinition = {
    family: 'f',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'web', image: 'i' }],
    ...over,
  }
  return { ...td, compatibilities: compatibilitiesOf(td) }
}

const NET: FargateLaunchRequest = { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } }

interface Row {
  why: string
  td?: TaskDefinition
  overrides?: TaskOverride
  request?: FargateLaunchRequest
  code?: string
  message?: string
}

const ROWS: Row[] = [
  { why: 'the documentation sample: 256 CPU, 512 MiB, awsvpc, a network configuration' },
  { why: 'LATEST', request: { ...NET, platformVersion: 'LATEST' } },
  { why: '1.4.0', request: { ...NET, platformVersion: '1.4.0' } },
  { why: 'Linux on this host\'s CPUs', td: fargateTd({ runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' } }) },
  { why: 'an override to another valid pair', overrides: { cpu: '1024', memory: '2048' } },
  {
    why: 'a bridge definition (not Fargate-compatible)',
    td: { family: 'b', compatibilities: ['EXTERNAL', 'EC2'], containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] },
    code: 'InvalidParameterException',
    message: FARGATE_MESSAGES.incompatible,
  },
  {
    why: 'an awsvpc definition with no task size',
    td: { family: 'v', networkMode: 'awsvpc', compatibilities: ['EC2'], containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] },
    code: 'InvalidParameterException', message: FARGATE_MESSAGES.incompatible,
  },
  { why: 'platform version 1.3.0', request: { ...NET, platformVersion: '1.3.0' }, code: 'PlatformUnknownException', message: "The specified platform version doesn't exist." },
  { why: 'platform version nonsense', request: { ...NET, platformVersion: 'v9' }, code: 'PlatformUnknownException', message: "The specified platform version doesn't exist." },
  {
    why: 'placement constraints',
    request: { ...NET, placementConstraints: [{ type: 'distinctInstance' }] },
    code: 'InvalidParameterException',
    message: 'Placement constraints are not supported with FARGATE launch type.',
  },
  {
    why: 'placement strategies',
    request: { ...NET, placementStrategy: [{ type: 'spread', field: 'instanceId' }] },
    code: 'InvalidParameterException',
    message: 'Placement strategies are not supported with FARGATE launch type.',
  },
  { why: 'no network configuration', request: {}, code: 'InvalidParameterException', message: "Network Configuration must be provided when networkMode 'awsvpc' is specified." },
  {
    why: 'an override to a pair Fargate has not',
    overrides: { cpu: '256', memory: '4096' },
    code: 'InvalidParameterException',
    message: 'No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon ECS documentation for the valid values.',
  },
  { why: 'ephemeral storage in the definition', td: fargateTd({ ephemeralStorage: { sizeInGiB: 50 } }), code: 'InvalidParameterException', message: FARGATE_REFUSALS.ephemeralStorage(50) },
  { why: 'ephemeral storage as an override', overrides: { ephemeralStorage: { sizeInGiB: 21 } }, code: 'InvalidParameterException', message: FARGATE_REFUSALS.ephemeralStorage(21) },
  {
    why: 'Windows',
    td: fargateTd({ runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } }),
    code: 'InvalidParameterException',
    message: FARGATE_REFUSALS.operatingSystem('WINDOWS_SERVER_2022_CORE'),
  },
  { why: 'ARM64 on an x86_64 host', td: fargateTd({ runtimePlatform: { cpuArchitecture: 'ARM64' } }), code: 'InvalidParameterException', message: FARGATE_REFUSALS.architecture('ARM64', 'X86_64') },
]

describe('checkFargateLaunch: what Fargate accepts, in ECS\'s words', () => {
  for (const row of ROWS) {
    it(row.why, () => {
      const run = () => checkFargateLaunch(row.td ?? fargateTd(), row.overrides ?? {}, row.request ?? NET, 'X86_64')
      if (row.code === undefined) return assert.deepEqual(run(), { platformVersion: '1.4.0' })
      assert.throws(run, { code: row.code, message: row.message })
    })
  }
  it('checks in ECS\'s order: compatibility before the platform version before placement before the network', () => {
    const bridge: TaskDefinition = { family: 'b', compatibilities: ['EC2'], containerDefinitions: [] }
    assert.throws(() => checkFargateLaunch(bridge, {}, { platformVersion: 'x' }), { message: FARGATE_MESSAGES.incompatible })
    assert.throws(() => checkFargateLaunch(fargateTd(), {}, { platformVersion: 'x', placementStrategy: [{ type: 'random' }] }), { code: 'PlatformUnknownException' })
    assert.throws(() => checkFargateLaunch(fargateTd(), {}, { placementStrategy: [{ type: 'random' }] }), { message: FARGATE_MESSAGES.strategies })
  })
})

describe('checkEc2Launch', () => {
  it('takes no platform version, as ECS refuses it', () => {
    assert.doesNotThrow(() => checkEc2Launch({}))
    assert.throws(() => checkEc2Launch({ platformVersion: 'LATEST' }), { code: 'InvalidParameterException', message: 'The platform version must be null when specifying an EC2 launch type.' })
  })
})
