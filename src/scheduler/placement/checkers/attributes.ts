import type { Checker } from './checker.js'

/**
 * The task definition's implied requirements (its `requiresAttributes`: a log driver, a Docker
 * API version, a capability) must be attributes of the instance ("ATTRIBUTE"). Read from the
 * cluster's cache: attributes do not change while a request places its tasks.
 */
export const checkAttributes: Checker = (s, i) =>
  s.requiredAttributes === undefined || s.requiredAttributes[i] === 1 ? undefined : 'missing-attribute'
