import type { SettingName } from '../../../core/aws-model/ecs.types.js'
import type { ReadTx } from '../../../state/store.js'
import { ACCOUNT_SETTINGS } from './catalog.js'

/** A setting as it applies to `principalArn`: its own value, else the account default (root's), else ECS's default. */
export async function effectiveSetting(tx: ReadTx, principalArn: string, rootArn: string, name: SettingName): Promise<string> {
  const own = await tx.accountSettings.get(principalArn, name)
  if (own) return own.value
  return (await tx.accountSettings.get(rootArn, name))?.value ?? ACCOUNT_SETTINGS[name].awsDefault
}
