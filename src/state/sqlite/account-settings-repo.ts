import type Database from 'better-sqlite3'
import type { AccountSettingRecord, AccountSettingRepo } from '../account-settings-store.js'
import type { WriteContext } from './write-context.js'

/** The account_settings table (migrations.ts): a row per principal and setting name. */
export function accountSettingRepo(db: Database.Database, ctx: WriteContext): AccountSettingRepo {
  const get = db.prepare(`SELECT principal_arn AS principalArn, name, value FROM account_settings WHERE principal_arn = ? AND name = ?`)
  const list = db.prepare(`SELECT principal_arn AS principalArn, name, value FROM account_settings WHERE principal_arn = ? ORDER BY name`)
  const put = db.prepare(
    `INSERT INTO account_settings (principal_arn, name, value, modified_index) VALUES (:principalArn, :name, :value, :index)
     ON CONFLICT (principal_arn, name) DO UPDATE SET value = excluded.value, modified_index = excluded.modified_index`,
  )
  const remove = db.prepare(`DELETE FROM account_settings WHERE principal_arn = ? AND name = ?`)
  return {
    get: async (principal, name) => get.get(principal, name) as AccountSettingRecord | undefined,
    list: async (principal) => list.all(principal) as AccountSettingRecord[],
    put: async (s) => void put.run({ ...s, index: ctx.touch('accountSettings') }),
    remove: async (principal, name) => {
      const removed = remove.run(principal, name).changes > 0
      if (removed) ctx.touch('accountSettings')
      return removed
    },
  }
}
