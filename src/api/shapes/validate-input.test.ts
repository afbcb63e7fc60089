import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import ecsModel from '../../core/aws-model/ecs.json' with { type: 'json' }
import logsModel from '../../core/aws-model/logs.json' with { type: 'json' }
import { EcsErrors, LogsErrors } from '../../core/errors.js'
import type { ServiceModel } from './model.js'
import { createInputValidator } from './validate-input.js'

const validator = createInputValidator(ecsModel as unknown as ServiceModel, EcsErrors.invalidParameter)

const errorOf = (shape: string, value: unknown): string | undefined => {
  try {
    validator.validate(shape, value)
    return undefined
  } catch (e) {
    return (e as { code: string }).code
  }
}

describe('model-driven input validation', () => {
  const rows: { why: string; shape: string; value: unknown; want: string | undefined }[] = [
    { why: 'an empty request with nothing required is fine', shape: 'ListClustersRequest', value: {}, want: undefined },
    { why: 'unknown members are ignored, never rejected', shape: 'ListClustersRequest', value: { futureMember: 1 }, want: undefined },
    { why: 'a required member missing', shape: 'DeleteClusterRequest', value: {}, want: 'InvalidParameterException' },
    { why: 'a required member sent as null', shape: 'DeleteClusterRequest', value: { cluster: null }, want: 'InvalidParameterException' },
    { why: 'a string where an integer belongs', shape: 'ListClustersRequest', value: { maxResults: '5' }, want: 'SerializationException' },
    { why: 'a fraction where an integer belongs', shape: 'ListClustersRequest', value: { maxResults: 1.5 }, want: 'SerializationException' },
    { why: 'an integer beyond 32 bits', shape: 'ListClustersRequest', value: { maxResults: 2 ** 40 }, want: 'InvalidParameterException' },
    { why: 'a number where a string belongs', shape: 'DeleteClusterRequest', value: { cluster: 5 }, want: 'SerializationException' },
    { why: 'an object where a list belongs', shape: 'DescribeClustersRequest', value: { clusters: {} }, want: 'SerializationException' },
    { why: 'a null inside a list', shape: 'DescribeClustersRequest', value: { clusters: [null] }, want: 'InvalidParameterException' },
    { why: 'a value outside an enum', shape: 'DescribeClustersRequest', value: { include: ['EVERYTHING'] }, want: 'InvalidParameterException' },
    { why: 'an enum value is accepted', shape: 'DescribeClustersRequest', value: { include: ['TAGS'] }, want: undefined },
    {
      why: 'a tag key over 128 characters breaks the model length',
      shape: 'CreateClusterRequest',
      value: { tags: [{ key: 'k'.repeat(129), value: 'v' }] },
      want: 'InvalidParameterException',
    },
    {
      why: "patterns are searched, not anchored (Smithy's @pattern): ECS's tag pattern has lost its ^…$ since 2023, so checkTags checks the characters",
      shape: 'CreateClusterRequest',
      value: { tags: [{ key: 'bad<key>', value: 'v' }] },
      want: undefined,
    },
    { why: 'unicode letters match \\p{L} in tag patterns', shape: 'CreateClusterRequest', value: { tags: [{ key: 'ключ', value: 'é' }] }, want: undefined },
    { why: 'more than 50 tags breaks the list bound', shape: 'CreateClusterRequest', value: { tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: '' })) }, want: 'InvalidParameterException' },
    { why: 'a boolean given as a string', shape: 'DeregisterContainerInstanceRequest', value: { containerInstance: 'x', force: 'true' }, want: 'SerializationException' },
    { why: 'nested structures are checked all the way down', shape: 'RegisterTaskDefinitionRequest', value: { family: 'f', containerDefinitions: [{ name: 'a', portMappings: [{ containerPort: 'eighty' }] }] }, want: 'SerializationException' },
    { why: "a restart policy must say whether it is enabled", shape: 'RegisterTaskDefinitionRequest', value: { family: 'f', containerDefinitions: [{ restartPolicy: { restartAttemptPeriod: 60 } }] }, want: 'InvalidParameterException' },
    { why: 'a map with a wrong value type', shape: 'RegisterTaskDefinitionRequest', value: { family: 'f', containerDefinitions: [{ dockerLabels: { a: 1 } }] }, want: 'SerializationException' },
    { why: 'the top level must be an object', shape: 'ListClustersRequest', value: [], want: 'SerializationException' },
  ]
  for (const row of rows) {
    it(row.why, () => assert.equal(errorOf(row.shape, row.value), row.want))
  }

  it('refuses a string outside an anchored model pattern', () => {
    const logs = createInputValidator(logsModel as unknown as ServiceModel, LogsErrors.invalidParameter)
    assert.throws(() => logs.validate('CreateLogGroupRequest', { logGroupName: 'g', tags: { 'bad<key>': 'v' } }), {
      code: 'InvalidParameterException',
      message: /tags key.*does not match the pattern/,
    })
  })

  it('names the member that is wrong', () => {
    assert.throws(
      () => validator.validate('RegisterTaskDefinitionRequest', { family: 'f', containerDefinitions: [{ portMappings: [{ hostPort: 'x' }] }] }),
      /containerDefinitions\[0\]\.portMappings\[0\]\.hostPort/,
    )
  })
})

describe('what validation hands the operation', () => {
  it('keeps only the members the model knows, so unknown ones never reach the store', () => {
    const deep = JSON.parse('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)) as unknown
    const input = { clusterName: 'c', futureMember: 1, settings: [{ name: 'containerInsights', value: 'enabled', junk: deep }] }
    assert.deepEqual(validator.validate('CreateClusterRequest', input), {
      clusterName: 'c',
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    })
  })

  it('drops null members, so an operation typed `key?: string` never meets a null', () => {
    const out = validator.validate('TagResourceRequest', { resourceArn: 'r', tags: [{ key: null, value: 'v' }] })
    assert.deepEqual(out, { resourceArn: 'r', tags: [{ value: 'v' }] })
  })

  it('keeps a map key named __proto__ as a plain entry, and drops null map values', () => {
    const body = JSON.parse('{"family":"f","containerDefinitions":[{"dockerLabels":{"__proto__":"x","gone":null}}]}') as unknown
    const out = validator.validate('RegisterTaskDefinitionRequest', body) as { containerDefinitions: { dockerLabels: object }[] }
    const labels = out.containerDefinitions[0]!.dockerLabels
    assert.deepEqual(Object.entries(labels), [['__proto__', 'x']])
    assert.equal(Object.getPrototypeOf(labels), Object.prototype)
  })

  it('hands a document member (free-form JSON) over as it came', () => {
    const hookDetails = { steps: [1, 'two', { three: null }], on: true }
    const input = { serviceName: 's', deploymentConfiguration: { lifecycleHooks: [{ hookDetails }] } }
    const out = validator.validate('CreateServiceRequest', input) as typeof input
    assert.deepEqual(out.deploymentConfiguration.lifecycleHooks[0]!.hookDetails, hookDetails)
  })

  it('refuses a union with no member set, naming it', () => {
    const logs = createInputValidator(logsModel as unknown as ServiceModel, LogsErrors.invalidParameter)
    const input = { integrationName: 'i', integrationType: 'OPENSEARCH', resourceConfig: {} }
    assert.throws(() => logs.validate('PutIntegrationRequest', input), /resourceConfig must set exactly one of openSearchResourceConfig/)
  })

  it('never reads a member from Object.prototype', () => {
    assert.equal(errorOf('DeleteClusterRequest', Object.create({ cluster: 'inherited' }) as unknown), 'InvalidParameterException')
  })
})
