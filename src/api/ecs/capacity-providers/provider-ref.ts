import type { EcsArns } from '../../../core/arn.js'

/**
 * The provider name a request's reference gives: the short name, or the name in one of this
 * partition's `capacity-provider/<name>` ARNs. Anything else is returned as given (and so
 * names no provider).
 */
export function providerNameOf(ref: string, arns: EcsArns): string {
  if (!ref.startsWith('arn:')) return ref
  const resource = arns.resourceOf(ref)
  return resource?.startsWith('capacity-provider/') ? resource.slice('capacity-provider/'.length) : ref
}
