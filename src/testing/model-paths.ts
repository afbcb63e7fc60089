import type { ServiceModel } from '../api/shapes/model.js'

/**
 * Every member path under a shape of a model: `overrides.containerOverrides[].name` (`[]`:
 * the items of a list). A map, a document and a shape met again on the way down end a path.
 */
export function memberPaths(model: ServiceModel, shapeName: string, prefix = '', seen: readonly string[] = []): string[] {
  const shape = model.shapes[shapeName]
  if (!shape) throw new Error(`model has no shape ${shapeName}`)
  if (shape.type === 'list') return memberPaths(model, shape.member!.shape, `${prefix}[]`, seen)
  if (shape.type !== 'structure' || shape.document || seen.includes(shapeName)) return []
  return Object.entries(shape.members ?? {}).flatMap(([name, ref]) => {
    const path = prefix ? `${prefix}.${name}` : name
    return [path, ...memberPaths(model, ref.shape, path, [...seen, shapeName])]
  })
}

/** `a` is `b` or one of its ancestors. */
export const coversPath = (a: string, b: string): boolean => b === a || b.startsWith(`${a}.`) || b.startsWith(`${a}[]`)

/** The paths no other path lies under. */
export const leafPaths = (paths: readonly string[]): string[] => paths.filter((p) => !paths.some((q) => q !== p && coversPath(p, q)))
