/**
 * ECS account settings (PutAccountSetting, PutAccountSettingDefault): one value per principal
 * and setting name. The account default is the root principal's (`arn:aws:iam::<account>:root`),
 * as on ECS, where setting the root user's value is what PutAccountSettingDefault does.
 */
export interface AccountSettingRecord {
  principalArn: string
  name: string
  value: string
}

export interface AccountSettingReader {
  get(principalArn: string, name: string): Promise<AccountSettingRecord | undefined>
  /** A principal's settings, by name. */
  list(principalArn: string): Promise<AccountSettingRecord[]>
}

export interface AccountSettingRepo extends AccountSettingReader {
  put(setting: AccountSettingRecord): Promise<void>
  /** True when there was a setting to remove. */
  remove(principalArn: string, name: string): Promise<boolean>
}
