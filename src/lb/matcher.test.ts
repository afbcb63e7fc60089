import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseMatcher } from './matcher.js'

describe('health check matcher', () => {
  const rows: { text: string; accepts: number[]; refuses: number[]; why: string }[] = [
    { text: '200', accepts: [200], refuses: [201, 204, 503], why: 'ALB default: exactly 200' },
    { text: '200,202', accepts: [200, 202], refuses: [201], why: 'a list' },
    { text: '200-299', accepts: [200, 250, 299], refuses: [300, 199], why: 'a range' },
    { text: '200, 300-302', accepts: [200, 301], refuses: [303], why: 'mixed, spaces allowed' },
    { text: '499', accepts: [499], refuses: [500], why: 'the top of the range' },
  ]
  for (const { text, accepts, refuses, why } of rows) {
    it(why, () => {
      const m = parseMatcher(text)
      assert.ok(m.ok)
      for (const s of accepts) assert.equal(m.matches(s), true, `${text} accepts ${s}`)
      for (const s of refuses) assert.equal(m.matches(s), false, `${text} refuses ${s}`)
    })
  }
  for (const bad of ['', 'abc', '200-', '199', '500', '300-200', '200;201']) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseMatcher(bad).ok, false))
  }
})
