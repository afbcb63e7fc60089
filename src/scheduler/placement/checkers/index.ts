import { checkAgent } from './agent.js'
import { checkAttributes } from './attributes.js'
import type { PlacementState } from '../state.js'
import type { Checker } from './checker.js'
import { checkCpu } from './cpu.js'
import { checkDistinctInstance } from './distinct-instance.js'
import { checkMemberOf } from './member-of.js'
import { checkMemory } from './memory.js'
import { checkTcpPorts, checkUdpPorts } from './ports.js'
import { checkStatus } from './status.js'

export type { Checker } from './checker.js'

/**
 * The feasibility pipeline, in a fixed order; an instance is turned down by the first check it
 * fails, and that check names the reason. The order runs from "this instance takes nothing"
 * to "this instance is merely full", so the instance that got furthest is the closest match
 * (closest.ts) and a service event names a fixable shortage rather than a mismatch:
 *
 * 1. status ACTIVE        – a draining or deregistered instance takes nothing
 * 2. agent connected      – nothing can start without the agent
 * 3. required attributes  – the task definition cannot run here at all
 * 4. memberOf             – binding constraints: the instance is outside the allowed group
 * 5. distinctInstance     – the instance already runs a task of the group
 * 6. cpu                  – resources: the instance would fit once tasks stop
 * 7. memory
 * 8. TCP ports
 * 9. UDP ports
 *
 * ECS's guide lists resources before constraints; checking constraints first means an instance
 * the expression excludes is never reported as "the closest matching container-instance has
 * insufficient memory" (the confusion of aws/containers-roadmap#331).
 *
 * Invariant: CHECKERS[k] returns only REJECT_REASONS[k], so the reasons' order is the checkers'
 * (a test holds the two lists together).
 */
export const CHECKERS: readonly Checker[] = [
  checkStatus,
  checkAgent,
  checkAttributes,
  checkMemberOf,
  checkDistinctInstance,
  checkCpu,
  checkMemory,
  checkTcpPorts,
  checkUdpPorts,
]

/**
 * The checks, 1 to 4, whose verdict on an instance the request has placed nothing on reads
 * only the snapshot, the task's required attributes and the memberOf expressions. The cluster
 * caches their verdicts per (required attributes, expressions), so a request runs only the
 * checks after them on the instances that pass.
 */
export const SNAPSHOT_CHECKERS: readonly Checker[] = CHECKERS.slice(0, 4)
/** The checks, 5 to 9, that read the instance's load and the demand: run on every request. */
export const LOAD_CHECKERS: readonly Checker[] = CHECKERS.slice(4)

/**
 * Checks that can turn nothing down for this request, whatever the instance: no required
 * attributes, no memberOf, no distinctInstance, no static ports of a protocol.
 */
const IDLE: ReadonlyMap<Checker, (s: PlacementState) => boolean> = new Map([
  [checkAttributes, (s: PlacementState) => s.requiredAttributes === undefined],
  [checkMemberOf, (s: PlacementState) => s.memberOf.length === 0],
  [checkDistinctInstance, (s: PlacementState) => !s.distinctInstance],
  [checkTcpPorts, (s: PlacementState) => s.demand.tcpPorts.length === 0],
  [checkUdpPorts, (s: PlacementState) => s.demand.udpPorts.length === 0],
])

/** `checkers` in order, less those idle for this request: the same verdicts, fewer calls. */
export function activeCheckers(s: PlacementState, checkers: readonly Checker[] = CHECKERS): Checker[] {
  return checkers.filter((check) => !IDLE.get(check)?.(s))
}
