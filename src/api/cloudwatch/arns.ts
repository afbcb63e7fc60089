import type { Partition } from '../../core/config.js'

/** CloudWatch ARNs: `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`. */
export class CloudWatchArns {
  readonly prefix: string
  constructor(readonly partition: Partition) {
    this.prefix = `arn:aws:cloudwatch:${partition.region}:${partition.accountId}:`
  }
  alarm = (name: string) => `${this.prefix}alarm:${name}`
}
