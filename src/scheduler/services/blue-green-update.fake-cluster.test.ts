import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startBlueGreenCluster, type BlueGreenCluster } from '../../testing/blue-green-cluster.js'
import type { BlueGreenPair } from '../../testing/elb-fixtures.js'
import type { FakeCluster } from '../../testing/fake-cluster.js'
import { waitFor } from '../../testing/wait.js'

/**
 * An UpdateService in the middle of a canary's traffic shift, run by the real scheduler and
 * load-balancer controller over fake hosts, time on a ManualClock (one second a poll): the
 * canary's service deployment is STOPPED, the new one starts in RECONCILE_SERVICE with
 * production back on the revision that had all of it, the canary revision is stopped, and the
 * new revision goes through its own shift to SUCCESSFUL. At every poll the production rule's
 * weights add up to 100 and never give the interrupted canary revision any traffic once the new
 * deployment has begun.
 */
const ELB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000'
const BLUE = `${ELB}:targetgroup/lbrblue/1`
const GREEN = `${ELB}:targetgroup/lbrgreen/1`
const ROLE = 'arn:aws:iam::000000000000:role/ecsInfrastructureRole'
const container = (image: string) => ({ name: 'app', image, memory: 64, portMappings: [{ containerPort: 80, hostPort: 0 }] })

describe('UpdateService during a traffic shift, over fake hosts', () => {
  let h: BlueGreenCluster
  let c: FakeCluster
  let pair: BlueGreenPair
  before(async () => {
    h = await startBlueGreenCluster({ blue: BLUE, green: GREEN, loadBalancerAddress: '127.0.26.2', portRange: [46_260, 46_299] })
    ;({ c, pair } = h)
    for (const image of ['lbr/bg:1', 'lbr/bg:2', 'lbr/bg:3']) {
      await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'lbr-bg', containerDefinitions: [container(image)] }))
    }
  })
  after(() => h?.close())

  const serveTasks = () => h.serveTasks('lbr-web')
  /** The production rule's weights: [targetGroupArn (BLUE), alternate (GREEN)]. */
  const productionWeights = () => h.productionWeights()

  const describeSd = (arn: string): Promise<ServiceDeployment> => h.describeServiceDeployment(arn)

  /** Polls, a manual second each, until the service deployment satisfies `done`; `check` runs at each poll. */
  const drive = (sdArn: string, what: string, done: (sd: ServiceDeployment) => boolean, check?: (sd: ServiceDeployment, w: readonly [number, number]) => void) =>
    waitFor(
      what,
      async () => {
        h.timers.advance(1_000)
        await serveTasks()
        const sd = await describeSd(sdArn)
        const w = await productionWeights()
        assert.equal(w[0] + w[1], 100)
        check?.(sd, w)
        return sd
      },
      done,
      { timeoutMs: 60_000, intervalMs: 10 },
    )

  const taskDefinitions = async () => {
    const { taskArns } = await c.server.ecs.send(new ListTasksCommand({ cluster: c.name, serviceName: 'lbr-web' }))
    const tasks = (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns! }))).tasks!
    return tasks.map((t) => t.taskDefinitionArn!.split('/').pop()).sort()
  }

  it('a canary at 50 % interrupted by a new revision: back on production, the canary stopped, the new revision shifted to SUCCESSFUL', async () => {
    // 1. The first deployment goes into the alternate (GREEN), which then has production.
    const { service } = await c.server.ecs.send(
      new CreateServiceCommand({
        cluster: c.name,
        serviceName: 'lbr-web',
        taskDefinition: 'lbr-bg:1',
        desiredCount: 2,
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 },
        loadBalancers: [{ targetGroupArn: BLUE, containerName: 'app', containerPort: 80, advancedConfiguration: { alternateTargetGroupArn: GREEN, productionListenerRule: pair.productionRuleArn, roleArn: ROLE } }],
      }),
    )
    await drive(service!.currentServiceDeployment!, 'first deployment', (sd) => sd.status === 'SUCCESSFUL')
    assert.deepEqual(await productionWeights(), [0, 100])

    // 2. A canary of revision 2 into BLUE, held at 50 % by a long canary bake.
    const canary = (
      await c.server.ecs.send(
        new UpdateServiceCommand({
          cluster: c.name,
          service: 'lbr-web',
          taskDefinition: 'lbr-bg:2',
          deploymentConfiguration: { strategy: 'CANARY', bakeTimeInMinutes: 0, canaryConfiguration: { canaryPercent: 50, canaryBakeTimeInMinutes: 60 } },
        }),
      )
    ).service!.currentServiceDeployment!
    await drive(canary, 'canary at 50 %', (sd) => sd.lifecycleStage === 'PRODUCTION_TRAFFIC_SHIFT')
    assert.deepEqual(await productionWeights(), [50, 50])

    // 3. Revision 3 while the canary bakes.
    const next = (
      await c.server.ecs.send(new UpdateServiceCommand({ cluster: c.name, service: 'lbr-web', taskDefinition: 'lbr-bg:3', deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 } }))
    ).service!.currentServiceDeployment!
    assert.equal((await describeSd(canary)).status, 'STOPPED')
    // The scheduler acts on the commit, in real time: the canary's tasks may already be gone and
    // RECONCILE_SERVICE passed by now; traffic has not moved to revision 3 either way.
    const started = await describeSd(next)
    assert.ok(['RECONCILE_SERVICE', 'PRE_SCALE_UP', 'SCALE_UP'].includes(started.lifecycleStage!), started.lifecycleStage)
    // Production is revision 1's (GREEN): revision 3 goes into BLUE, where the canary was.
    let canaryGone = false
    const seenStages: string[] = []
    await drive(
      next,
      'revision 3 SUCCESSFUL',
      (sd) => sd.status === 'SUCCESSFUL',
      (sd, w) => {
        if (seenStages[seenStages.length - 1] !== sd.lifecycleStage) seenStages.push(sd.lifecycleStage!)
        if (sd.lifecycleStage === 'RECONCILE_SERVICE') return
        // From PRE_SCALE_UP on, the canary revision is gone from BLUE: any weight there is revision 3's.
        canaryGone = true
        if (sd.lifecycleStage === 'PRE_SCALE_UP' || sd.lifecycleStage === 'SCALE_UP') assert.deepEqual(w, [0, 100], 'production on revision 1 until the shift')
      },
    )
    assert.ok(canaryGone)
    assert.ok(seenStages.includes('CLEAN_UP') || seenStages.includes('BAKE_TIME'), seenStages.join(' '))
    assert.deepEqual(await productionWeights(), [100, 0])
    assert.deepEqual(await taskDefinitions(), ['lbr-bg:3', 'lbr-bg:3'])
    const s = (await c.server.ecs.send(new DescribeServicesCommand({ cluster: c.name, services: ['lbr-web'] }))).services![0]!
    const id = s.deployments![0]!.id
    // PRE_SCALE_UP is entered (not started in): the deployment began in RECONCILE_SERVICE. Its
    // green is BLUE, the canary's group, and production stayed on GREEN until its own shift.
    for (const stage of ['PRE_SCALE_UP', 'SCALE_UP', 'POST_SCALE_UP']) {
      const text = `(service lbr-web) (deployment ${id}) entered lifecycle stage ${stage}: 0% of production traffic to (target-group ${BLUE}).`
      assert.ok(s.events!.some((e) => e.message === text), `${text}\n${s.events!.map((e) => e.message).join('\n')}`)
    }
    assert.ok(s.events!.some((e) => e.message === `(service lbr-web) (deployment ${id}) entered lifecycle stage PRODUCTION_TRAFFIC_SHIFT: 100% of production traffic to (target-group ${BLUE}).`))
  })
})
