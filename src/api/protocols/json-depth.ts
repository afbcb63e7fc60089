/**
 * Limits checked on a JSON body before JSON.parse runs, because parsing costs far more for some
 * shapes than for others of the same size: on this project's 2-core machine 2 MB of `[` took
 * 0.6 s, 2 MB of `{},` 0.2 s, a flat 2 MB string 3 ms.
 *
 * Depth: no AWS input nests deeply (ECS's deepest, a task definition's container's
 * linuxParameters' devices' permissions, is 7 levels); 100 leaves room for members the model
 * does not know (newer SDKs').
 *
 * Structure: the `[`, `{`, `,` and `:` outside strings, about one per value or member. The
 * largest request an SDK makes, a PutLogEvents of 10,000 events, has 50,001; 100,000 keeps the
 * parse of the worst 2 MB body near 30 ms.
 */
export const MAX_JSON_DEPTH = 100
export const MAX_JSON_STRUCTURE = 100_000

export type JsonShapeRefusal = { kind: 'depth'; depth: number } | { kind: 'structure' }

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_BRACKET = 0x5b
const OPEN_BRACE = 0x7b
const CLOSE_BRACKET = 0x5d
const CLOSE_BRACE = 0x7d

/**
 * Why the body is refused, found in one pass over its bytes that stops at the first limit
 * passed; undefined if it passes none. UTF-8's multi-byte characters are all ≥ 0x80, so none is
 * mistaken for a quote or a bracket. Malformed JSON is the parser's to refuse; this only counts.
 */
export function checkJsonShape(body: Uint8Array, maxDepth = MAX_JSON_DEPTH, maxStructure = MAX_JSON_STRUCTURE): JsonShapeRefusal | undefined {
  let depth = 0
  let structure = 0
  const n = body.length
  for (let i = 0; i < n; i++) {
    const b = body[i]!
    if (b === QUOTE) {
      // Skip the string: to its closing quote, stepping over each escaped character.
      for (i++; i < n; i++) {
        const c = body[i]!
        if (c === BACKSLASH) i++
        else if (c === QUOTE) break
      }
    } else if (b === OPEN_BRACKET || b === OPEN_BRACE) {
      if (++depth > maxDepth) return { kind: 'depth', depth }
      if (++structure > maxStructure) return { kind: 'structure' }
    } else if (b === CLOSE_BRACKET || b === CLOSE_BRACE) {
      depth--
    } else if (b === COMMA || b === COLON) {
      if (++structure > maxStructure) return { kind: 'structure' }
    }
  }
  return undefined
}
