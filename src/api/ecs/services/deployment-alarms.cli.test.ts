import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { setUpServiceCluster } from '../../../testing/services.js'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

/**
 * Deployment alarms through Debian's aws CLI v2 (2.9.19): accepted enabled, echoed, monitored by
 * the service deployment. (Its model has no `strategy`: the BLUE_GREEN refusal is tested through
 * the SDK, service-errors.test.ts.)
 */
describe('deployment alarms through the aws CLI v2', { skip: awsCliMissing }, () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
    await setUpServiceCluster(t.ecs, 'prot-alarms')
  })
  after(() => t.close())

  it('create-service with enabled alarms (names not checked), echoed by describe-services and the service deployment', async () => {
    const created = await awsCli(t.endpoint, [
      'ecs', 'create-service', '--cluster', 'prot-alarms', '--service-name', 'web', '--task-definition', 'web', '--desired-count', '1',
      '--deployment-configuration', 'alarms={alarmNames=[web-5xx,not-created-yet],enable=true,rollback=true}',
    ])
    assert.equal(created.code, 0, created.stderr)
    const service = (created.json as { service: { serviceArn: string; deploymentConfiguration: { alarms: unknown } } }).service
    assert.deepEqual(service.deploymentConfiguration.alarms, { alarmNames: ['web-5xx', 'not-created-yet'], enable: true, rollback: true })
    const described = await awsCli(t.endpoint, ['ecs', 'describe-services', '--cluster', 'prot-alarms', '--services', 'web'])
    assert.equal(described.code, 0, described.stderr)
    const again = (described.json as { services: { deploymentConfiguration: { alarms: unknown } }[] }).services[0]!
    assert.deepEqual(again.deploymentConfiguration.alarms, { alarmNames: ['web-5xx', 'not-created-yet'], enable: true, rollback: true })
    // The 2025 service-deployment API is newer than this CLI: the record is read from the store.
    const sd = await t.store.read(async (tx) => tx.serviceDeployments.get((await tx.services.get(service.serviceArn))!.currentServiceDeploymentArn))
    assert.deepEqual(sd?.alarms, { status: 'MONITORING', alarmNames: ['web-5xx', 'not-created-yet'], triggeredAlarmNames: [] })
  })
})
