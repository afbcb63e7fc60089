/** Where this Berth pretends to be: the region and account that every ARN carries. */
export interface Partition {
  readonly region: string
  readonly accountId: string
}

export const DEFAULT_PARTITION: Partition = { region: 'us-east-1', accountId: '000000000000' }
