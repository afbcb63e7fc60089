import { ImagePullError, isRuntimeError, type PullFailureKind } from '../errors.js'
import { parseImageRef } from '../image-ref.js'
import type { RegistryAuth } from '../spec.js'
import type { EngineClient } from './engine-client.js'
import { asObject, asString, engineMessage } from './json.js'
import { readJsonLines } from './streams.js'

/** An image reference made safe for a URL path (slashes, colons and `@` stay as they are). */
export const imagePath = (ref: string): string => encodeURI(ref).replace(/[?#]/g, encodeURIComponent)

/**
 * Pulls `image` and resolves once the engine has it, or throws an ImagePullError. The engine
 * answers 200 and then streams progress; a failure can come before (as an HTTP error) or in
 * the stream (as `{"error": ...}`), so both are read.
 */
export async function pullImage(client: EngineClient, image: string, auth: RegistryAuth | undefined, signal: AbortSignal | undefined): Promise<void> {
  const { name, tag, digest } = parseImageRef(image)
  const headers: Record<string, string> = auth ? { 'x-registry-auth': encodeAuth(auth) } : {}
  try {
    // Without a tag the engine would pull every tag of the repository: default to latest, as the CLI does.
    const res = await client.stream('POST', '/images/create', { query: { fromImage: name, tag: digest ?? tag ?? 'latest' }, headers, signal })
    if (res.statusCode !== 200) {
      const chunks: Buffer[] = []
      for await (const c of res) chunks.push(c as Buffer)
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // not JSON: keep the text
      }
      const message = engineMessage(body, text || `HTTP ${res.statusCode}`)
      throw new ImagePullError(image, classifyPullFailure(res.statusCode ?? 0, message), message)
    }
    for await (const line of readJsonLines(res)) {
      const o = asObject(line)
      const error = asString(asObject(o['errorDetail'])['message']) ?? asString(o['error'])
      if (error) {
        res.destroy()
        throw new ImagePullError(image, classifyPullFailure(200, error), error)
      }
    }
  } catch (e) {
    if (e instanceof ImagePullError || (isRuntimeError(e) && e.code === 'EngineUnreachable') || signal?.aborted) throw e
    if (isRuntimeError(e) && e.code === 'RuntimeTimeout') throw new ImagePullError(image, 'unreachable', e.message, { cause: e })
    throw new ImagePullError(image, 'unknown', e instanceof Error ? e.message : String(e), { cause: e })
  }
}

/**
 * The engine gives no error codes for pulls, only the registry's words in its message: this
 * is the one place Berth reads them, to sort a failure into a kind the agent can act on.
 */
export function classifyPullFailure(status: number, message: string): PullFailureKind {
  const m = message.toLowerCase()
  if (status === 400 || m.includes('invalid reference format') || m.includes('invalid repository name')) return 'invalid-reference'
  if (m.includes('toomanyrequests') || m.includes('too many requests') || m.includes('rate limit')) return 'rate-limited'
  if (/(unauthorized|authentication required|pull access denied|denied:|no basic auth credentials|incorrect username or password)/.test(m)) return 'unauthorized'
  if (/(manifest unknown|not found|does not exist|no matching manifest|name unknown|unknown: repository)/.test(m)) return 'not-found'
  if (/(dial tcp|connection refused|no such host|i\/o timeout|timeout|tls handshake|server misbehaving|network is unreachable|connection reset|deadline exceeded|\beof\b|temporary failure)/.test(m)) return 'unreachable'
  if (status === 404) return 'not-found'
  return 'unknown'
}

/** `X-Registry-Auth`: base64url of the JSON the engine expects. */
function encodeAuth(auth: RegistryAuth): string {
  const body =
    'identityToken' in auth
      ? { identitytoken: auth.identityToken, serveraddress: auth.serverAddress }
      : { username: auth.username, password: auth.password, serveraddress: auth.serverAddress }
  return Buffer.from(JSON.stringify(body)).toString('base64url')
}
