import type { Checker } from './checker.js'

/**
 * ECS places tasks only on ACTIVE container instances: a DRAINING one is being emptied, a
 * REGISTERING one is not ready, an INACTIVE one is deregistered.
 */
export const checkStatus: Checker = (s, i) => (s.instance(i).status === 'ACTIVE' ? undefined : 'instance-not-active')
