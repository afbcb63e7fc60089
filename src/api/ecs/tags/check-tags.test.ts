import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Tag } from '../../../core/aws-model/ecs.types.js'
import { checkTags } from './check-tags.js'

describe('checkTags', () => {
  const rows: { why: string; tags: Tag[]; want: string | undefined }[] = [
    { why: 'letters of any script, numbers, spaces and the listed signs', tags: [{ key: 'ключ 1_.:/=+-@', value: 'é ü' }], want: undefined },
    { why: 'an empty value is a value', tags: [{ key: 'k', value: '' }], want: undefined },
    { why: 'a key with < (the model pattern no longer catches it)', tags: [{ key: 'bad<key>', value: 'v' }], want: 'The tag key "bad<key>"' },
    { why: 'a value with a quote', tags: [{ key: 'k', value: 'say "hi"' }], want: 'The tag value "say \\"hi\\""' },
    { why: 'the aws: prefix is reserved', tags: [{ key: 'AWS:x', value: 'v' }], want: "may not start with 'aws:'" },
    { why: 'a key given twice', tags: [{ key: 'k', value: '1' }, { key: 'k', value: '2' }], want: 'given more than once' },
  ]
  for (const row of rows) {
    it(row.why, () => {
      if (row.want === undefined) return assert.doesNotThrow(() => checkTags(row.tags))
      assert.throws(() => checkTags(row.tags), (e: Error) => e.message.includes(row.want!))
    })
  }
})
