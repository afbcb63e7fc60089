import { BlockList, isIPv4, isIPv6 } from 'node:net'

/**
 * Source-ip conditions: CIDR blocks, IPv4 or IPv6, checked against the client's socket
 * address (never X-Forwarded-For, as on ALB). node:net's BlockList does the matching,
 * including an IPv4 client seen by a dual-stack socket as `::ffff:a.b.c.d`.
 */
export function compileCidrs(cidrs: readonly string[]): (address: string) => boolean {
  const list = new BlockList()
  let any = false
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr)
    if (!parsed) continue // the API validates; a block we cannot read matches nothing
    list.addSubnet(parsed.address, parsed.prefix, parsed.family)
    any = true
  }
  if (!any) return () => false
  return (address) => {
    if (isIPv4(address)) return list.check(address, 'ipv4')
    if (isIPv6(address)) return list.check(address, 'ipv6')
    return false
  }
}

export function parseCidr(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const slash = cidr.indexOf('/')
  const address = slash === -1 ? cidr : cidr.slice(0, slash)
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined
  if (!family) return undefined
  const max = family === 'ipv4' ? 32 : 128
  const prefix = slash === -1 ? max : Number(cidr.slice(slash + 1))
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined
  return { address, prefix, family }
}
