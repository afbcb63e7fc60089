import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ServiceModel } from '../../api/shapes/model.js'
import autoscaling from './application-autoscaling.json' with { type: 'json' }
import cloudwatch from './cloudwatch.json' with { type: 'json' }
import ecs from './ecs.json' with { type: 'json' }
import elbv2 from './elbv2.json' with { type: 'json' }
import logs from './logs.json' with { type: 'json' }

const MODELS = { ecs, logs, elbv2, cloudwatch, 'application-autoscaling': autoscaling } as unknown as Record<string, ServiceModel>

describe('the committed AWS models', () => {
  it('each says which botocore release and file it came from', () => {
    for (const [name, model] of Object.entries(MODELS)) {
      assert.equal(model.source?.botocore, '1.43.11', name)
      assert.match(model.source.file, new RegExp(`^${name}/\\d{4}-\\d{2}-\\d{2}/service-2\\.json\\.gz$`))
    }
  })

  it("keep what CloudWatch's query protocol and a later JSON 1.0 endpoint need", () => {
    const { metadata, operations } = MODELS['cloudwatch']!
    // Query (aws CLI 2.9): the form's Version, the answer's xmlns, every output's result wrapper.
    assert.equal(metadata.apiVersion, '2010-08-01')
    assert.equal(metadata.xmlNamespace, 'http://monitoring.amazonaws.com/doc/2010-08-01/')
    const unwrapped = Object.entries(operations).filter(([, op]) => op.output && !op.resultWrapper).map(([name]) => name)
    assert.deepEqual(unwrapped, [])
    // JSON 1.0 (newer SDKs): the target prefix, and query-compatible error codes.
    assert.deepEqual(metadata.protocols, ['smithy-rpc-v2-cbor', 'json', 'query'])
    assert.equal(metadata.jsonVersion, '1.0')
    assert.equal(metadata.targetPrefix, 'GraniteServiceVersion20100801')
    assert.deepEqual(metadata.awsQueryCompatible, {})
    assert.equal(MODELS['cloudwatch']!.shapes['InvalidParameterValueException']?.error?.code, 'InvalidParameterValue')
  })
})
