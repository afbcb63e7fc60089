import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashInstanceSecret } from '../../../core/agent-credentials.js'
import { checkJoinToken, decideInstanceSecret, REFUSED, type GivenCredentials } from './agent-credentials.js'

const TOKEN = 'server-token'
const SECRET = 'instance-secret'
const held = { agentSecretHash: hashInstanceSecret(SECRET) }

describe('checkJoinToken', () => {
  const rows: { why: string; given: GivenCredentials; server: string | undefined; want: ReturnType<typeof checkJoinToken> }[] = [
    { why: 'no headers: the plain ECS API', given: {}, server: TOKEN, want: { agent: false } },
    { why: "the server's token: an agent", given: { joinToken: TOKEN }, server: TOKEN, want: { agent: true } },
    { why: 'another token', given: { joinToken: 'guess' }, server: TOKEN, want: { refused: REFUSED.joinTokenWrong } },
    { why: 'a prefix of the token', given: { joinToken: TOKEN.slice(0, -1) }, server: TOKEN, want: { refused: REFUSED.joinTokenWrong } },
    { why: 'a server with no token takes none', given: { joinToken: TOKEN }, server: undefined, want: { refused: REFUSED.joinTokenWrong } },
    { why: 'a secret alone proves nothing', given: { instanceSecret: SECRET }, server: TOKEN, want: { refused: REFUSED.secretWithoutToken } },
  ]
  for (const r of rows) it(r.why, () => assert.deepEqual(checkJoinToken(r.given, r.server), r.want))
})

describe('decideInstanceSecret', () => {
  const rows: { why: string; agent: boolean; given: GivenCredentials; previous: { agentSecretHash?: string } | undefined; want: ReturnType<typeof decideInstanceSecret> }[] = [
    { why: 'plain API, new instance: no secret, as AWS', agent: false, given: {}, previous: undefined, want: 'plain' },
    { why: 'plain API re-registers an instance no agent holds', agent: false, given: {}, previous: {}, want: 'plain' },
    { why: 'plain API re-registers an instance an agent holds', agent: false, given: {}, previous: held, want: { refused: REFUSED.secretMissing } },
    { why: 'agent, new instance: issue one', agent: true, given: { joinToken: TOKEN }, previous: undefined, want: 'issue' },
    { why: 'agent, new instance, stray secret: issue one all the same', agent: true, given: { joinToken: TOKEN, instanceSecret: 'x' }, previous: undefined, want: 'issue' },
    { why: 'agent claims an instance no agent holds (plain API, or registered before secrets)', agent: true, given: { joinToken: TOKEN }, previous: {}, want: 'issue' },
    { why: 'agent restarts with its secret: proven, kept', agent: true, given: { joinToken: TOKEN, instanceSecret: SECRET }, previous: held, want: 'proven' },
    { why: 'another agent, token but no secret', agent: true, given: { joinToken: TOKEN }, previous: held, want: { refused: REFUSED.secretMissing } },
    { why: 'another agent, its own secret', agent: true, given: { joinToken: TOKEN, instanceSecret: 'other' }, previous: held, want: { refused: REFUSED.secretWrong } },
  ]
  for (const r of rows) it(r.why, () => assert.deepEqual(decideInstanceSecret(r.agent, r.given, r.previous), r.want))
})
