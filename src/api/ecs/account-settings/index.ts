import { deleteAccountSetting } from './delete-account-setting.js'
import { listAccountSettings } from './list-account-settings.js'
import { putAccountSetting } from './put-account-setting.js'
import { putAccountSettingDefault } from './put-account-setting-default.js'

export const accountSettingOperations = {
  PutAccountSetting: putAccountSetting,
  PutAccountSettingDefault: putAccountSettingDefault,
  ListAccountSettings: listAccountSettings,
  DeleteAccountSetting: deleteAccountSetting,
}
