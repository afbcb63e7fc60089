/**
 * Container instance attributes as ECS defines them (API reference, `Attribute`): a name and an
 * optional value. Stored on the instance record as `{ name, value? }`, in the order first set.
 */
export interface InstanceAttribute {
  name: string
  value?: string
}

/** 1–128 letters, digits, hyphens, underscores, forward and back slashes, periods. */
export const ATTRIBUTE_NAME = /^[A-Za-z0-9_./\\-]{1,128}$/

/**
 * 1–128 letters, digits, hyphens, underscores, periods, at signs, forward and back slashes,
 * colons and spaces; no space at either end.
 */
export const ATTRIBUTE_VALUE = /^(?! )[A-Za-z0-9_.@/\\: -]{1,128}(?<! )$/

/** ECS allows up to 10 custom attributes per resource. */
export const MAX_CUSTOM_ATTRIBUTES = 10

/**
 * Names ECS and its agent use for the attributes they set: `ecs.availability-zone`,
 * `ecs.capability.*`, `com.amazonaws.ecs.capability.*`. Every other name is custom, and only
 * custom attributes count against the limit.
 */
const RESERVED_PREFIXES = ['ecs.', 'com.amazonaws.ecs.'] as const

export const isCustomAttribute = (name: string): boolean => !RESERVED_PREFIXES.some((p) => name.startsWith(p))

/** The instance's Availability Zone, as its agent reported it in `ecs.availability-zone`. */
export const zoneOf = (instance: { attributes: readonly { name: string; value?: string | undefined }[] } | undefined): string | undefined =>
  instance?.attributes.find((a) => a.name === 'ecs.availability-zone')?.value

export const countCustomAttributes = (attributes: readonly InstanceAttribute[]): number =>
  attributes.filter((a) => isCustomAttribute(a.name)).length

/** Strips a wire attribute to what is stored: targetType and targetId belong to requests. */
export const toInstanceAttribute = (a: { name: string; value?: string | undefined }): InstanceAttribute =>
  a.value === undefined ? { name: a.name } : { name: a.name, value: a.value }

/** `attributes` with each of `added` set: a new name is appended, a known one takes the new value. */
export function withAttributes(attributes: readonly InstanceAttribute[], added: readonly InstanceAttribute[]): InstanceAttribute[] {
  const out = attributes.map((a) => ({ ...a }))
  for (const a of added) {
    const at = out.findIndex((x) => x.name === a.name)
    if (at >= 0) out[at] = toInstanceAttribute(a)
    else out.push(toInstanceAttribute(a))
  }
  return out
}

/** `attributes` without the named ones; names it does not have are ignored. */
export const withoutAttributes = (attributes: readonly InstanceAttribute[], names: readonly string[]): InstanceAttribute[] =>
  attributes.filter((a) => !names.includes(a.name)).map((a) => ({ ...a }))
