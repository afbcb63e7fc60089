import type { ListAccountSettingsRequest, ListAccountSettingsResponse, Setting, SettingName } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { decodeToken, encodeToken, isString } from '../pagination.js'
import type { EcsOperation } from '../deps.js'
import { ACCOUNT_SETTINGS, SETTING_NAMES } from './catalog.js'
import { principalOf, rootPrincipal } from './principal.js'

/** ECS pages account settings by 10 at most (and by default). */
const MAX_SETTINGS = 10

/**
 * ListAccountSettings: the principal's (the caller's unless principalArn names one) own
 * settings; with effectiveSettings, every setting as it applies to it: its own value, else
 * the account default (the root user's), else ECS's own default (type aws_managed). Filtered
 * by name and value, ordered by name, paged by the last name.
 */
export const listAccountSettings: EcsOperation<ListAccountSettingsRequest, ListAccountSettingsResponse> = async (input, deps, ctx) => {
  const principalArn = principalOf(input.principalArn, deps.partition, ctx)
  const root = rootPrincipal(deps.partition)
  const limit = input.maxResults ?? MAX_SETTINGS
  if (limit < 1 || limit > MAX_SETTINGS) throw EcsErrors.invalidParameter(`maxResults must be between 1 and ${MAX_SETTINGS}.`)
  const after = decodeToken(input.nextToken, isString)
  const settings = await deps.store.read(async (tx) => {
    const own = new Map((await tx.accountSettings.list(principalArn)).map((s) => [s.name, s]))
    if (!input.effectiveSettings) return [...own.values()].map((s): Setting => ({ name: s.name as SettingName, value: s.value, principalArn, type: 'user' }))
    const defaults = new Map((await tx.accountSettings.list(root)).map((s) => [s.name, s]))
    return SETTING_NAMES.map((name): Setting => {
      const set = own.get(name) ?? defaults.get(name)
      return set
        ? { name, value: set.value, principalArn: set.principalArn, type: 'user' }
        : { name, value: ACCOUNT_SETTINGS[name].awsDefault, principalArn: root, type: 'aws_managed' }
    })
  })
  const matching = settings
    .filter((s) => (input.name === undefined || s.name === input.name) && (input.value === undefined || s.value === input.value))
    .sort((a, b) => (a.name! < b.name! ? -1 : 1))
    .filter((s) => after === undefined || s.name! > after)
  const page = matching.slice(0, limit)
  return { settings: page, ...(matching.length > limit ? { nextToken: encodeToken(page[page.length - 1]!.name!) } : {}) }
}
