import {
  CreateClusterCommand,
  DeleteAccountSettingCommand,
  ListAccountSettingsCommand,
  PutAccountSettingCommand,
  PutAccountSettingDefaultCommand,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

const ROOT = 'arn:aws:iam::000000000000:root'
const ALICE = 'arn:aws:iam::000000000000:user/alice'

describe('account settings', () => {
  let t: TestServer
  const effective = async (principalArn: string, name: 'containerInsights' | 'awsvpcTrunking') =>
    (await t.ecs.send(new ListAccountSettingsCommand({ principalArn, effectiveSettings: true, name }))).settings?.[0]
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  it('lists ECS defaults as aws_managed until the account default or the principal sets one (JS SDK)', async () => {
    assert.deepEqual(await effective(ALICE, 'containerInsights'), { name: 'containerInsights', value: 'disabled', principalArn: ROOT, type: 'aws_managed' })
    const def = await t.ecs.send(new PutAccountSettingDefaultCommand({ name: 'containerInsights', value: 'enhanced' }))
    assert.deepEqual(def.setting, { name: 'containerInsights', value: 'enhanced', principalArn: ROOT, type: 'user' })
    assert.deepEqual(await effective(ALICE, 'containerInsights'), { name: 'containerInsights', value: 'enhanced', principalArn: ROOT, type: 'user' })
    await t.ecs.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'enabled', principalArn: ALICE }))
    assert.deepEqual(await effective(ALICE, 'containerInsights'), { name: 'containerInsights', value: 'enabled', principalArn: ALICE, type: 'user' })
    const own = await t.ecs.send(new ListAccountSettingsCommand({ principalArn: ALICE }))
    assert.deepEqual(own.settings, [{ name: 'containerInsights', value: 'enabled', principalArn: ALICE, type: 'user' }])
    const all = await t.ecs.send(new ListAccountSettingsCommand({ principalArn: ALICE, effectiveSettings: true }))
    assert.equal(all.settings?.length, 10, 'ten settings on the first page')
    const rest = await t.ecs.send(new ListAccountSettingsCommand({ principalArn: ALICE, effectiveSettings: true, nextToken: all.nextToken }))
    assert.equal(rest.settings?.length, 1, 'the eleventh on the next')
    assert.equal(rest.nextToken, undefined)
    const deleted = await t.ecs.send(new DeleteAccountSettingCommand({ name: 'containerInsights', principalArn: ALICE }))
    assert.equal(deleted.setting?.value, 'enabled')
    assert.equal((await effective(ALICE, 'containerInsights'))?.value, 'enhanced', 'back to the account default')
  })

  it('a caller without principalArn sets its own (the root user in open mode)', async () => {
    const res = await t.ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled' }))
    assert.equal(res.setting?.principalArn, ROOT)
    assert.equal((await effective(ROOT, 'awsvpcTrunking'))?.value, 'enabled')
  })

  it('CreateCluster without settings takes the caller\'s containerInsights account setting', async () => {
    await t.ecs.send(new PutAccountSettingDefaultCommand({ name: 'containerInsights', value: 'enabled' }))
    const made = await t.ecs.send(new CreateClusterCommand({ clusterName: 'insights-by-default' }))
    assert.deepEqual(made.cluster?.settings, [{ name: 'containerInsights', value: 'enabled' }])
    const given = await t.ecs.send(new CreateClusterCommand({ clusterName: 'insights-given', settings: [{ name: 'containerInsights', value: 'disabled' }] }))
    assert.deepEqual(given.cluster?.settings, [{ name: 'containerInsights', value: 'disabled' }])
  })

  const BAD: { why: string; send: () => Promise<unknown> }[] = [
    { why: 'a value the setting does not take', send: () => t.ecs.send(new PutAccountSettingCommand({ name: 'containerInsights', value: 'on' })) },
    { why: 'guardDutyActivate, read-only', send: () => t.ecs.send(new PutAccountSettingDefaultCommand({ name: 'guardDutyActivate', value: 'enabled' })) },
    { why: 'short ARNs Berth cannot make', send: () => t.ecs.send(new PutAccountSettingCommand({ name: 'taskLongArnFormat', value: 'disabled' })) },
    { why: 'a principal of another account', send: () => t.ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled', principalArn: 'arn:aws:iam::111111111111:user/x' })) },
    { why: 'a principal that is not an IAM ARN', send: () => t.ecs.send(new PutAccountSettingCommand({ name: 'awsvpcTrunking', value: 'enabled', principalArn: 'bob' })) },
    { why: 'deleting a setting never set', send: () => t.ecs.send(new DeleteAccountSettingCommand({ name: 'fargateFIPSMode', principalArn: ALICE })) },
    { why: 'maxResults over 10', send: () => t.ecs.send(new ListAccountSettingsCommand({ maxResults: 11 })) },
  ]
  for (const row of BAD) {
    it(`refuses ${row.why} with InvalidParameterException, changing nothing`, async () => {
      const settings = async () => [
        ...((await t.ecs.send(new ListAccountSettingsCommand({ principalArn: ROOT }))).settings ?? []),
        ...((await t.ecs.send(new ListAccountSettingsCommand({ principalArn: ALICE }))).settings ?? []),
      ]
      const before = await settings()
      await assert.rejects(row.send(), { name: 'InvalidParameterException' })
      assert.deepEqual(await settings(), before)
    })
  }

  it('the aws CLI puts, lists and deletes a setting', { skip: awsCliMissing }, async () => {
    const put = await awsCli(t.endpoint, ['ecs', 'put-account-setting', '--name', 'fargateFIPSMode', '--value', 'enabled', '--principal-arn', ALICE])
    assert.equal(put.code, 0, put.stderr)
    const list = await awsCli(t.endpoint, ['ecs', 'list-account-settings', '--principal-arn', ALICE, '--name', 'fargateFIPSMode'])
    assert.deepEqual((list.json as { settings: { value: string }[] }).settings.map((s) => s.value), ['enabled'])
    const del = await awsCli(t.endpoint, ['ecs', 'delete-account-setting', '--name', 'fargateFIPSMode', '--principal-arn', ALICE])
    assert.equal(del.code, 0, del.stderr)
    const def = await awsCli(t.endpoint, ['ecs', 'put-account-setting-default', '--name', 'fargateTaskRetirementWaitPeriod', '--value', '14'])
    assert.equal(def.code, 0, def.stderr)
  })
})
