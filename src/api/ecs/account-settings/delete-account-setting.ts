import type { DeleteAccountSettingRequest, DeleteAccountSettingResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { principalOf } from './principal.js'

/**
 * DeleteAccountSetting: removes a principal's own value, so it inherits the account default
 * again; answers with the setting as it was. One never set is an InvalidParameterException
 * naming it, and changes nothing.
 */
export const deleteAccountSetting: EcsOperation<DeleteAccountSettingRequest, DeleteAccountSettingResponse> = async (input, deps, ctx) => {
  const principalArn = principalOf(input.principalArn, deps.partition, ctx)
  return deps.store.txn(async (tx) => {
    const current = await tx.accountSettings.get(principalArn, input.name)
    if (!current) throw EcsErrors.invalidParameter(`The setting ${input.name} is not set for ${principalArn}.`)
    await tx.accountSettings.remove(principalArn, input.name)
    return { setting: { name: input.name, value: current.value, principalArn, type: 'user' } }
  })
}
