/**
 * A target group's health check `Matcher.HttpCode`: single codes and ranges, comma-separated
 * (`200`, `200,202`, `200-299`, `200,300-399`). ALB accepts codes 200–499 for HTTP checks.
 * Parsed once per apply into a 300-entry bitmap, so each probe result is one lookup.
 */
export type StatusMatcher = (status: number) => boolean

const MIN = 200
const MAX = 499

export type MatcherParse = { ok: true; matches: StatusMatcher } | { ok: false; error: string }

export function parseMatcher(text: string): MatcherParse {
  const accepted = new Uint8Array(MAX - MIN + 1)
  const parts = text.split(',')
  for (const raw of parts) {
    const part = raw.trim()
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(part)
    if (!m) return { ok: false, error: `invalid matcher part ${JSON.stringify(part)}` }
    const from = Number(m[1])
    const to = m[2] === undefined ? from : Number(m[2])
    if (from < MIN || to > MAX || from > to) return { ok: false, error: `codes must lie within ${MIN}-${MAX}, ascending: ${JSON.stringify(part)}` }
    accepted.fill(1, from - MIN, to - MIN + 1)
  }
  return { ok: true, matches: (status) => status >= MIN && status <= MAX && accepted[status - MIN] === 1 }
}
