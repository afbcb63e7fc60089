import { randomBytes } from 'node:crypto'
import type { Partition } from '../config.js'

/**
 * ELBv2 ARNs, as AWS forms them (ids are 16 lowercase hex digits):
 *   …:loadbalancer/app/<name>/<lb-id>
 *   …:listener/app/<lb-name>/<lb-id>/<listener-id>
 *   …:listener-rule/app/<lb-name>/<lb-id>/<listener-id>/<rule-id>
 *   …:targetgroup/<name>/<tg-id>
 * and the ACM certificates HTTPS listeners name: arn:aws:acm:<region>:<account>:certificate/<id>.
 */
export class ElbArns {
  readonly prefix: string
  constructor(readonly partition: Partition) {
    this.prefix = `arn:aws:elasticloadbalancing:${partition.region}:${partition.accountId}:`
  }
  loadBalancer = (name: string, id: string) => `${this.prefix}loadbalancer/app/${name}/${id}`
  targetGroup = (name: string, id: string) => `${this.prefix}targetgroup/${name}/${id}`
  /** A listener's ARN continues its load balancer's resource path. */
  listener = (loadBalancerArn: string, id: string) => `${loadBalancerArn.replace(':loadbalancer/', ':listener/')}/${id}`
  rule = (listenerArn: string, id: string) => `${listenerArn.replace(':listener/', ':listener-rule/')}/${id}`

  /** What kind of ELBv2 resource an ARN of this partition names, by its resource type; else undefined. */
  kindOf(arn: string): ElbResourceKind | undefined {
    if (!arn.startsWith(this.prefix)) return undefined
    const resource = arn.slice(this.prefix.length)
    if (/^loadbalancer\/app\/[^/]+\/[0-9a-f]{16}$/.test(resource)) return 'loadbalancer'
    if (/^listener\/app\/[^/]+\/[0-9a-f]{16}\/[0-9a-f]{16}$/.test(resource)) return 'listener'
    if (/^listener-rule\/app\/[^/]+\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/.test(resource)) return 'listener-rule'
    if (/^targetgroup\/[^/]+\/[0-9a-f]{16}$/.test(resource)) return 'targetgroup'
    return undefined
  }

  /** The id of an ACM certificate ARN of this partition (the name of its files), else undefined. */
  certificateIdOf(arn: string): string | undefined {
    const m = /^arn:aws:acm:([^:]+):(\d{12}):certificate\/([A-Za-z0-9][A-Za-z0-9_.-]{0,127})$/.exec(arn)
    if (!m || m[1] !== this.partition.region || m[2] !== this.partition.accountId) return undefined
    return m[3]
  }
}

export type ElbResourceKind = 'loadbalancer' | 'listener' | 'listener-rule' | 'targetgroup'

/** A fresh ELBv2 resource id: 16 lowercase hex digits. */
export const newElbId = (): string => randomBytes(8).toString('hex')
