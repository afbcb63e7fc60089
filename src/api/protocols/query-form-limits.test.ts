import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createFakeQueryServices } from '../../testing/fake-query-services.js'
import { createRouter } from '../router.js'
import { MAX_FORM_KEY_DOTS, MAX_FORM_KEY_LENGTH, MAX_FORM_PARAMS } from './query-protocol.js'

/**
 * Bounded work per request, on the query protocol: a form past the bounds is refused, in XML,
 * before its keys are indexed (one 2 MB key of a million dots cost 0.4 s) or, for the number
 * of parameters, before it is decoded at all.
 */
describe('query forms past the bounds are refused before they cost anything', () => {
  const fakes = createFakeQueryServices(() => undefined)
  const router = createRouter({ json: [], query: [fakes.elbv2, fakes.cloudwatch] })
  const post = (body: string) =>
    router.handle({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(body) })
  const base = 'Action=DescribeTargetGroups&Version=2015-12-01'

  const rows = [
    { why: 'more parameters than the bound', body: base + '&x=1'.repeat(MAX_FORM_PARAMS), message: /more than 30000 parameters/ },
    { why: 'a key nested deeper than the bound', body: base + '&' + 'a.'.repeat(MAX_FORM_KEY_DOTS + 1) + 'b=1', message: /nested deeper than 16/ },
    { why: 'a million dots', body: base + '&' + '.'.repeat(1_000_000) + '=1', message: /longer than 512|nested deeper/ },
    { why: 'a key longer than the bound', body: base + '&' + 'k'.repeat(MAX_FORM_KEY_LENGTH + 1) + '=1', message: /longer than 512/ },
  ]
  for (const r of rows) {
    it(`refuses ${r.why} with MalformedQueryString, in XML`, async () => {
      const res = await post(r.body)
      assert.equal(res.status, 400)
      assert.match(res.body, /<Code>MalformedQueryString<\/Code>/)
      assert.match(res.body, r.message)
    })
  }

  it('reads a form within the bounds as before', async () => {
    const res = await post(base + '&Names.member.1=' + 'a'.repeat(32) + '&' + 'Deep.member.1.b.member.2.c.member.3=1')
    assert.doesNotMatch(res.body, /MalformedQueryString/)
  })
})
