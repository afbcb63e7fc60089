import type { CapacityProvider, DescribeCapacityProvidersRequest, DescribeCapacityProvidersResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { FARGATE_PROVIDERS, isFargateProvider } from '../../../core/model/capacity-provider-strategy.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsDeps, EcsOperation } from '../deps.js'
import { decodeToken, encodeToken, isString } from '../pagination.js'
import { providerNameOf } from './provider-ref.js'
import { viewFargateProvider, viewProvider } from './provider-view.js'

/** ECS pages DescribeCapacityProviders 1–10 at a time (API reference, maxResults). */
const MAX_PAGE = 10

/**
 * Named providers (names or ARNs, up to 100), or with none every provider: FARGATE and
 * FARGATE_SPOT first, as every account has them, then the account's by name, INACTIVE ones
 * included. Unknown names come back in `failures` as MISSING. Tags only with include TAGS.
 */
export const describeCapacityProviders: EcsOperation<DescribeCapacityProvidersRequest, DescribeCapacityProvidersResponse> = async (input, deps) => {
  const withTags = (input.include ?? []).includes('TAGS')
  const refs = input.capacityProviders ?? []
  if (refs.length > 100) throw EcsErrors.invalidParameter('You can describe up to 100 capacity providers at a time.')
  if (refs.length > 0) {
    if (input.maxResults !== undefined || input.nextToken !== undefined) {
      throw EcsErrors.invalidParameter('maxResults and nextToken can only be used when no capacityProviders are named.')
    }
    return deps.store.read(async (tx) => {
      const out: Required<Pick<DescribeCapacityProvidersResponse, 'capacityProviders' | 'failures'>> = { capacityProviders: [], failures: [] }
      for (const ref of refs) {
        const found = await describeOne(tx, providerNameOf(ref, deps.arns), deps, withTags)
        if (found) out.capacityProviders.push(found)
        else out.failures.push({ arn: ref.startsWith('arn:') ? ref : deps.arns.capacityProvider(ref), reason: 'MISSING' })
      }
      return out
    })
  }
  const limit = input.maxResults ?? MAX_PAGE
  if (limit < 1 || limit > MAX_PAGE) throw EcsErrors.invalidParameter(`maxResults must be between 1 and ${MAX_PAGE}.`)
  // The key is the position in the listing: FARGATE, FARGATE_SPOT, then stored names.
  const after = decodeToken(input.nextToken, isString)
  return deps.store.read(async (tx) => {
    const fargate = FARGATE_PROVIDERS.filter((n) => after === undefined || (isFargateProvider(after) && n > after))
    const page: CapacityProvider[] = fargate.slice(0, limit + 1).map((n) => viewFargateProvider(n, deps.arns, withTags))
    const storedAfter = after !== undefined && !isFargateProvider(after) ? after : undefined
    if (page.length <= limit) {
      for (const p of await tx.capacityProviders.list({ after: storedAfter, limit: limit + 1 - page.length })) {
        page.push(viewProvider(p, withTags ? await tx.tags.get(p.arn) : undefined))
      }
    }
    if (page.length <= limit) return { capacityProviders: page }
    const shown = page.slice(0, limit)
    return { capacityProviders: shown, nextToken: encodeToken(shown[shown.length - 1]!.name!) }
  })
}

async function describeOne(tx: ReadTx, name: string, deps: EcsDeps, withTags: boolean): Promise<CapacityProvider | undefined> {
  if (name === 'FARGATE' || name === 'FARGATE_SPOT') return viewFargateProvider(name, deps.arns, withTags)
  const p = await tx.capacityProviders.get(name)
  return p ? viewProvider(p, withTags ? await tx.tags.get(p.arn) : undefined) : undefined
}
