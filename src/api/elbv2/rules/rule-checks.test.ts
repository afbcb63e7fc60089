import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type * as W from '../../../core/aws-model/elbv2.types.js'
import type { RuleRecord } from '../../../core/model/rule.js'
import { applyTgAttributes, TG_ATTRIBUTE_DEFAULTS } from '../target-groups/tg-attributes.js'
import { checkMatcher } from '../target-groups/health-check.js'
import { checkActions } from './check-actions.js'
import { checkConditions } from './check-conditions.js'
import { checkNewPriorities } from './priorities.js'

const refused = (fn: () => unknown, code: string, message: RegExp) => assert.throws(fn, (e: { code: string; message: string }) => e.code === code && message.test(e.message))

describe('checkConditions', () => {
  it('normalises both forms to one', () => {
    assert.deepEqual(checkConditions([{ Field: 'path-pattern', Values: ['/a/*'] }, { Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com', 'a.example.org'] } }]), [
      { field: 'path-pattern', values: ['/a/*'] },
      { field: 'host-header', values: ['*.example.com', 'a.example.org'] },
    ])
    assert.deepEqual(checkConditions([{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '1' }, { Value: 'x' }] } }]), [
      { field: 'query-string', values: [{ key: 'v', value: '1' }, { value: 'x' }] },
    ])
  })
  const bad: Array<[string, W.RuleCondition[], RegExp]> = [
    ['Values on a field that takes a config only', [{ Field: 'http-request-method', Values: ['GET'] }], /'Values' field is not compatible with 'http-request-method'/],
    ['both forms', [{ Field: 'path-pattern', Values: ['/a'], PathPatternConfig: { Values: ['/b'] } }], /both Values and 'PathPatternConfig'/],
    ['two values in the old form', [{ Field: 'path-pattern', Values: ['/a', '/b'] }], /too many values; the limit is '1'/],
    ['another field’s config', [{ Field: 'path-pattern', HostHeaderConfig: { Values: ['a.b'] } }], /'HostHeaderConfig' for a condition of type 'path-pattern'/],
    ['two path conditions', [{ Field: 'path-pattern', Values: ['/a'] }, { Field: 'path-pattern', Values: ['/b'] }], /only have one 'path-pattern'/],
    ['six values', [{ Field: 'host-header', HostHeaderConfig: { Values: ['a.b', 'c.d', 'e.f', 'g.h', 'i.j', 'k.l'] } }], /'5' condition values/],
    ['a host without a dot', [{ Field: 'host-header', HostHeaderConfig: { Values: ['localhost'] } }], /not a valid host name/],
    ['the Host header as an http-header', [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'Host', Values: ['x'] } }], /host-header condition/],
    ['a bad CIDR', [{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/33'] } }], /must be a CIDR block/],
    ['a lower-case method', [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['get'] } }], /not valid for a condition of type 'http-request-method'/],
    ['an unknown field', [{ Field: 'cookie', Values: ['x'] }], /must be one of/],
  ]
  for (const [why, conditions, message] of bad) it(`refuses ${why}`, () => refused(() => checkConditions(conditions), 'ValidationError', message))
})

describe('checkActions', () => {
  it('a TargetGroupArn forward is one group of weight 1; a ForwardConfig keeps its weights and stickiness', () => {
    assert.deepEqual(checkActions([{ Type: 'forward', TargetGroupArn: 'tg1' }], 'HTTP'), [{ type: 'forward', targetGroups: [{ arn: 'tg1', weight: 1 }], stickiness: { enabled: false } }])
    const weighted: W.Action = {
      Type: 'forward',
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'a', Weight: 0 }, { TargetGroupArn: 'b', Weight: 999 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 } },
    }
    assert.deepEqual(checkActions([weighted], 'HTTP'), [{ type: 'forward', targetGroups: [{ arn: 'a', weight: 0 }, { arn: 'b', weight: 999 }], stickiness: { enabled: true, durationSeconds: 60 } }])
  })
  const bad: Array<[string, W.Action[], string, RegExp]> = [
    ['no target group', [{ Type: 'forward' }], 'ValidationError', /target group ARN must be specified/],
    ['TargetGroupArn and a different ForwardConfig', [{ Type: 'forward', TargetGroupArn: 'a', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'b' }] } }], 'InvalidLoadBalancerAction', /only that one/],
    ['several groups without weights', [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'a' }, { TargetGroupArn: 'b' }] } }], 'ValidationError', /weight for each/],
    ['stickiness with no duration', [{ Type: 'forward', TargetGroupArn: 'a', ForwardConfig: { TargetGroupStickinessConfig: { Enabled: true } } }], 'ValidationError', /duration/],
    ['two actions', [{ Type: 'forward', TargetGroupArn: 'a' }, { Type: 'forward', TargetGroupArn: 'b' }], 'TooManyActions', /only one action/],
    ['a fixed response of another content type', [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/xml' } }], 'InvalidLoadBalancerAction', /ContentType must be one of/],
    ['a redirect that changes nothing', [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', Host: '#{host}' } }], 'InvalidLoadBalancerAction', /loop/],
  ]
  for (const [why, actions, code, message] of bad) it(`refuses ${why}`, () => refused(() => checkActions(actions, 'HTTP'), code, message))
  it('refuses a redirect from HTTPS to HTTP', () =>
    refused(() => checkActions([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTP', StatusCode: 'HTTP_302' } }], 'HTTPS'), 'InvalidLoadBalancerAction', /HTTPS to HTTP/))
})

describe('checkNewPriorities', () => {
  const rule = (arn: string, priority: number): RuleRecord => ({ arn, listenerArn: 'l', loadBalancerArn: 'lb', priority, conditions: [], actions: [] })
  const existing = [rule('a', 1), rule('b', 2), rule('c', 3)]
  it('lets rules swap', () => checkNewPriorities([{ arn: 'a', listenerArn: 'l', priority: 2 }, { arn: 'b', listenerArn: 'l', priority: 1 }], existing))
  it('refuses a priority a rule not moving holds', () => refused(() => checkNewPriorities([{ arn: 'a', listenerArn: 'l', priority: 3 }], existing), 'PriorityInUse', /^Priority '3' is currently in use$/))
  it('refuses one priority twice', () =>
    refused(() => checkNewPriorities([{ arn: 'a', listenerArn: 'l', priority: 5 }, { arn: 'b', listenerArn: 'l', priority: 5 }], existing), 'ValidationError', /'5' was provided multiple times/))
})

describe('target-group attributes and matchers', () => {
  const defaults = TG_ATTRIBUTE_DEFAULTS
  const cases: Array<[string, string, string | undefined]> = [
    ['deregistration_delay.timeout_seconds', '0', undefined],
    ['deregistration_delay.timeout_seconds', '3601', 'InvalidConfigurationRequest'],
    ['slow_start.duration_seconds', '29', 'InvalidConfigurationRequest'],
    ['slow_start.duration_seconds', '30', undefined],
    ['load_balancing.algorithm.type', 'least_outstanding_requests', undefined],
    ['load_balancing.algorithm.type', 'weighted_random', 'InvalidConfigurationRequest'],
    ['stickiness.type', 'app_cookie', 'InvalidConfigurationRequest'],
    ['target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage', '50', undefined],
    ['target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage', '101', 'InvalidConfigurationRequest'],
    ['no.such.key', '1', 'ValidationError'],
  ]
  for (const [key, value, code] of cases) {
    it(`${key}=${value}: ${code ?? 'accepted'}`, () => {
      if (code) refused(() => applyTgAttributes(defaults, [{ Key: key, Value: value }]), code, /./)
      else assert.equal(applyTgAttributes(defaults, [{ Key: key, Value: value }])[key], value)
    })
  }
  it('refuses slow start with least outstanding requests', () =>
    refused(() => applyTgAttributes(defaults, [{ Key: 'slow_start.duration_seconds', Value: '60' }, { Key: 'load_balancing.algorithm.type', Value: 'least_outstanding_requests' }]), 'InvalidConfigurationRequest', /slow start/))
  for (const ok of ['200', '200,202', '200-299', '200,300-310']) it(`matcher ${ok}`, () => assert.equal(checkMatcher(ok), ok))
  for (const bad of ['100', '200-500', '2xx', '']) it(`refuses matcher '${bad}'`, () => refused(() => checkMatcher(bad), 'ValidationError', /HttpCode/))
})
