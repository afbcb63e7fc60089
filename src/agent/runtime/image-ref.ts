/** `repo`, `host:5000/repo:tag`, `repo@sha256:...` → its parts (no validation). */
export function parseImageRef(ref: string): { name: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@')
  if (at >= 0) return { name: ref.slice(0, at), digest: ref.slice(at + 1) }
  const colon = ref.lastIndexOf(':')
  if (colon > ref.lastIndexOf('/')) return { name: ref.slice(0, colon), tag: ref.slice(colon + 1) }
  return { name: ref }
}

/** The reference with `:latest` added when it names neither a tag nor a digest, as the engine reads it. */
export function normalizeImageRef(ref: string): string {
  const { tag, digest } = parseImageRef(ref)
  return tag || digest ? ref : `${ref}:latest`
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*'
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)'
const REFERENCE = new RegExp(`^${DOMAIN}?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`)

/** The distribution reference grammar, as the engine checks it ("invalid reference format"). */
export const isValidImageRef = (ref: string): boolean => REFERENCE.test(ref)

/**
 * The registry an image is pulled from, as Docker reads a reference: the first component when
 * it has a dot or a port or is `localhost`, else Docker Hub (`docker.io`).
 */
export function registryOf(ref: string): string {
  const slash = ref.indexOf('/')
  if (slash < 0) return 'docker.io'
  const first = ref.slice(0, slash)
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io'
}
