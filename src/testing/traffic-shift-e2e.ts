import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  type DeploymentConfiguration,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs'
import type { TestCluster } from './cluster.js'
import { TEST_IMAGES } from './images.js'
import { awsJson } from './server.js'
import { waitFor } from './wait.js'

/**
 * What the Docker tests of blue/green, linear and canary deployments share: a load balancer
 * with two target groups and a listener whose default rule forwards to both (100/0), made
 * through the aws CLI v2; a service on it whose revisions answer `Hello <provider>!` (the
 * service through the JS SDK: Debian's CLI predates these members); its current service
 * deployment; and a load generator counting what answered and what failed. Each test file
 * gives its own names and its own loopback address for the listener.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface TrafficShiftSite {
  /** Names, in the test file's own prefix: the load balancer, the two groups, the task family, the service. */
  names: { loadBalancer: string; blue: string; green: string; family: string; service: string }
  /** The listener's address (the cluster's `loadBalancerAddress`) and port. */
  address: string
  port: number
}

/** A listener's two groups and its default rule, the production rule of the service. */
export interface TrafficPair {
  blue: string
  green: string
  listener: string
  productionRule: string
}

export function trafficShiftE2e(c: TestCluster, site: TrafficShiftSite) {
  const { names } = site

  async function elbv2(...args: string[]): Promise<any> {
    return awsJson(c.server.endpoint, ['elbv2', ...args])
  }

  /** One request through the listener. */
  const through = async () => {
    const res = await fetch(`http://${site.address}:${site.port}/`)
    return { status: res.status, body: (await res.text()).trim() }
  }

  /** A revision of the family whose web container answers `Hello <provider>!` on a dynamic host port. */
  const register = (provider: string) =>
    c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: names.family,
        containerDefinitions: [{ name: 'web', image: TEST_IMAGES.web, memory: 64, portMappings: [{ containerPort: 5000, hostPort: 0 }], environment: [{ name: 'PROVIDER', value: provider }] }],
      }),
    )

  /** The load balancer, its two groups (5 s deregistration delay) and a listener forwarding 100/0 to them. */
  async function createPair(): Promise<TrafficPair> {
    const lb = (await elbv2('create-load-balancer', '--name', names.loadBalancer, '--subnets', 'subnet-aaaa1111', 'subnet-bbbb2222')).LoadBalancers[0]
    const group = async (name: string) =>
      (await elbv2('create-target-group', '--name', name, '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-3803615c', '--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')).TargetGroups[0].TargetGroupArn as string
    const blue = await group(names.blue)
    const green = await group(names.green)
    for (const tg of [blue, green]) await elbv2('modify-target-group-attributes', '--target-group-arn', tg, '--attributes', 'Key=deregistration_delay.timeout_seconds,Value=5')
    const forward = [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 100 }, { TargetGroupArn: green, Weight: 0 }] } }]
    const listener = (await elbv2('create-listener', '--load-balancer-arn', lb.LoadBalancerArn, '--protocol', 'HTTP', '--port', String(site.port), '--default-actions', JSON.stringify(forward))).Listeners[0].ListenerArn as string
    const productionRule = (await elbv2('describe-rules', '--listener-arn', listener)).Rules[0].RuleArn as string
    return { blue, green, listener, productionRule }
  }

  /** The service on `pair` at `taskDefinition`, 2 tasks, and its first deployment SUCCESSFUL. */
  async function createService(pair: TrafficPair, taskDefinition: string, deploymentConfiguration: DeploymentConfiguration): Promise<void> {
    await c.server.ecs.send(
      new CreateServiceCommand({
        cluster: c.name,
        serviceName: names.service,
        taskDefinition,
        desiredCount: 2,
        loadBalancers: [
          {
            targetGroupArn: pair.blue,
            containerName: 'web',
            containerPort: 5000,
            advancedConfiguration: { alternateTargetGroupArn: pair.green, productionListenerRule: pair.productionRule, roleArn: 'arn:aws:iam::000000000000:role/ecsInfrastructureRole' },
          },
        ],
        deploymentConfiguration,
      }),
    )
    await untilDeployment('the first deployment SUCCESSFUL', (d) => d.status === 'SUCCESSFUL')
  }

  const deployment = async (arn: string): Promise<ServiceDeployment> =>
    (await c.server.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0]!

  const currentDeployment = async (): Promise<ServiceDeployment> => {
    const s = (await c.server.ecs.send(new DescribeServicesCommand({ cluster: c.name, services: [names.service] }))).services![0]!
    return deployment(s.currentServiceDeployment!)
  }

  const untilDeployment = (what: string, done: (d: ServiceDeployment) => boolean) => waitFor(what, currentDeployment, done, { timeoutMs: 120_000, intervalMs: 250 })

  /** The production rule's forward weights, by target group, as DescribeRules answers them. */
  async function productionWeights(pair: TrafficPair): Promise<Record<string, number>> {
    const rule = (await elbv2('describe-rules', '--rule-arns', pair.productionRule)).Rules[0]
    const forward = rule.Actions.find((a: any) => a.Type === 'forward')
    return Object.fromEntries(forward.ForwardConfig.TargetGroups.map((g: any) => [g.TargetGroupArn, g.Weight]))
  }

  /** Sends requests one after another until stopped; what answered (2xx, by body), and what failed. */
  function steadyTraffic() {
    let stop = false
    const seen = { bodies: new Map<string, number>(), failed: [] as string[] }
    const done = (async () => {
      while (!stop) {
        try {
          const r = await through()
          if (r.status >= 200 && r.status < 300) seen.bodies.set(r.body, (seen.bodies.get(r.body) ?? 0) + 1)
          else seen.failed.push(`${r.status} ${r.body.slice(0, 80)}`)
        } catch (error) {
          seen.failed.push(String(error))
        }
      }
    })()
    return {
      seen,
      async stop() {
        stop = true
        await done
        return seen
      },
    }
  }

  return { elbv2, through, register, createPair, createService, deployment, currentDeployment, untilDeployment, productionWeights, steadyTraffic }
}
