import type { Attribute } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import {
  ATTRIBUTE_NAME,
  ATTRIBUTE_VALUE,
  MAX_CUSTOM_ATTRIBUTES,
  countCustomAttributes,
  type InstanceAttribute,
} from '../../../core/model/attribute.js'

/** Refuses an attribute whose name or value breaks ECS's rules (see core/model/attribute.ts). */
export function checkAttribute(a: Attribute): void {
  if (!ATTRIBUTE_NAME.test(a.name)) {
    throw EcsErrors.invalidParameter(
      `Invalid attribute name '${a.name}': names are 1 to 128 characters of letters, numbers, hyphens, underscores, forward slashes, back slashes and periods.`,
    )
  }
  if (a.value !== undefined && !ATTRIBUTE_VALUE.test(a.value)) {
    throw EcsErrors.invalidParameter(
      `Invalid value '${a.value}' for attribute '${a.name}': values are 1 to 128 characters of letters, numbers, hyphens, underscores, periods, at signs, forward slashes, back slashes, colons and spaces, and do not start or end with a space.`,
    )
  }
}

/** AttributeLimitExceededException when a resource would carry more than 10 custom attributes. */
export function checkCustomAttributeLimit(attributes: readonly InstanceAttribute[]): void {
  if (countCustomAttributes(attributes) > MAX_CUSTOM_ATTRIBUTES) throw EcsErrors.attributeLimitExceeded()
}
