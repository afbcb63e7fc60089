import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import cloudwatchModel from '../../core/aws-model/cloudwatch.json' with { type: 'json' }
import elbv2Model from '../../core/aws-model/elbv2.json' with { type: 'json' }
import type { ServiceModel } from '../shapes/model.js'
import { escapeXml, isoTimestamp, writeMembers } from './xml-output.js'

const elbv2 = elbv2Model as unknown as ServiceModel
const cloudwatch = cloudwatchModel as unknown as ServiceModel

describe('XML output', () => {
  it('writes structures in model order, lists as <member>, empty lists self-closed, scalars as text', () => {
    const xml = writeMembers(elbv2, 'DescribeTargetGroupsOutput', {
      TargetGroups: [{ Port: 80, TargetGroupName: 'a', HealthCheckEnabled: false, Matcher: { HttpCode: '200' }, LoadBalancerArns: [] }],
      NextMarker: 'm2',
    })
    assert.equal(
      xml,
      '<TargetGroups><member><TargetGroupName>a</TargetGroupName><Port>80</Port><HealthCheckEnabled>false</HealthCheckEnabled>' +
        '<Matcher><HttpCode>200</HttpCode></Matcher><LoadBalancerArns/></member></TargetGroups><NextMarker>m2</NextMarker>',
    )
  })

  it('writes maps as <entry><key/><value/></entry> and timestamps as ISO 8601', () => {
    const xml = writeMembers(cloudwatch, 'GetMetricStatisticsOutput', {
      Label: 'CPU',
      Datapoints: [{ Timestamp: 1704067200, Average: 1.5, ExtendedStatistics: { p90: 2, p99: 3.25 } }],
    })
    assert.equal(
      xml,
      '<Label>CPU</Label><Datapoints><member><Timestamp>2024-01-01T00:00:00Z</Timestamp><Average>1.5</Average>' +
        '<ExtendedStatistics><entry><key>p90</key><value>2</value></entry><entry><key>p99</key><value>3.25</value></entry></ExtendedStatistics>' +
        '</member></Datapoints>',
    )
  })

  it('leaves out undefined, null and members the model does not know', () => {
    assert.equal(writeMembers(elbv2, 'DescribeTargetGroupsOutput', { TargetGroups: undefined, NextMarker: null, Secret: 'x' }), '')
  })

  it('escapes text so any string survives', () => {
    assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;')
    assert.equal(escapeXml('line1\r\nline2\ttab'), 'line1&#13;\nline2\ttab')
    assert.equal(escapeXml('nul\u0000bell\u0007'), 'nul\uFFFDbell\uFFFD')
    assert.equal(escapeXml('ünïcødé ✓'), 'ünïcødé ✓')
  })

  const TIMES = [
    { value: 1704067200, want: '2024-01-01T00:00:00Z' }, // epoch seconds, as the wire types hold them
    { value: 1704067200.5, want: '2024-01-01T00:00:00.500Z' }, // a fraction is kept
    { value: new Date(Date.UTC(2024, 0, 1)), want: '2024-01-01T00:00:00Z' },
    { value: '2024-01-01T00:00:00Z', want: '2024-01-01T00:00:00Z' },
  ]
  for (const { value, want } of TIMES) {
    it(`writes the timestamp ${String(value)} as ${want}`, () => assert.equal(isoTimestamp(value), want))
  }
})
