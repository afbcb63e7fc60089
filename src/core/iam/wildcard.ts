/**
 * IAM's wildcards: `*` matches any run of characters (none included, `/` and `:` included),
 * `?` exactly one character; everything else matches itself. Used by Action and Resource
 * elements and by StringLike/ArnLike conditions.
 *
 * Greedy with one backtrack point (the last `*` seen), so a match costs at most
 * O(pattern × value), never exponential: `a*a*a*b` against 2,000 `a`s is still quick.
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  let p = 0
  let v = 0
  let star = -1 // index in pattern just after the last `*`
  let resume = 0 // where in value that `*` would resume matching
  while (v < value.length) {
    const c = pattern[p]
    if (c === '*') {
      star = ++p
      resume = v
    } else if (c !== undefined && (c === '?' || c === value[v])) {
      p++
      v++
    } else if (star >= 0) {
      // The last `*` swallows one more character; retry the rest of the pattern after it.
      p = star
      v = ++resume
    } else {
      return false
    }
  }
  while (pattern[p] === '*') p++
  return p === pattern.length
}

/** Case-insensitive, as IAM compares action names (`ecs:describe*` matches `ecs:DescribeServices`). */
export const matchesWildcardIgnoreCase = (pattern: string, value: string): boolean =>
  matchesWildcard(pattern.toLowerCase(), value.toLowerCase())

/**
 * ArnLike / ArnEquals: each of the six colon-separated parts of the ARN
 * (`arn:partition:service:region:account:resource`) is matched on its own, the resource part
 * taking every colon after the fifth. A value that is not an ARN matches nothing.
 */
export function matchesArn(pattern: string, value: string): boolean {
  const p = arnParts(pattern)
  const v = arnParts(value)
  if (!p || !v) return false
  return p.every((part, i) => matchesWildcard(part, v[i] ?? ''))
}

function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':')
  if (parts.length < 6) return undefined
  return [...parts.slice(0, 5), parts.slice(5).join(':')]
}
