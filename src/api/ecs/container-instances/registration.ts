import { createHash } from 'node:crypto'
import type { Attribute, Resource } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { toInstanceAttribute, withAttributes, type InstanceAttribute } from '../../../core/model/attribute.js'
import { INSTANCE_RESOURCES } from '../../../core/model/instance-resources.js'
import { isPlainObject } from '../../shapes/validate-input.js'
import { checkAttribute } from '../attributes/check-attributes.js'

/**
 * The pure parts of RegisterContainerInstance: reading what the agent sends into what is
 * stored. Each throws the InvalidParameterException ECS would answer for bad input.
 */

const RESOURCE_TYPES = ['INTEGER', 'DOUBLE', 'LONG', 'STRINGSET'] as const

/**
 * totalResources as stored: CPU, MEMORY, PORTS and PORTS_UDP always, in that order (absent
 * ones as 0 or empty), then any others given (GPU...), each in the full wire form ECS returns
 * (doubleValue, longValue and integerValue always present).
 */
export function checkTotalResources(given: readonly Resource[] = []): Resource[] {
  const byName = new Map<string, Resource>()
  for (const r of given) {
    if (!r.name) throw EcsErrors.invalidParameter('Each resource in totalResources needs a name.')
    if (byName.has(r.name)) throw EcsErrors.invalidParameter(`The resource ${r.name} is given more than once in totalResources.`)
    byName.set(r.name, r)
  }
  const known = INSTANCE_RESOURCES.map((name) =>
    name === 'CPU' || name === 'MEMORY' ? integerResource(name, byName.get(name)) : portsResource(name, byName.get(name)),
  )
  const others = [...byName.values()].filter((r) => !(INSTANCE_RESOURCES as readonly string[]).includes(r.name!)).map(otherResource)
  return [...known, ...others]
}

function integerResource(name: string, r: Resource | undefined): Resource {
  if (r?.type !== undefined && r.type !== 'INTEGER') throw EcsErrors.invalidParameter(`The resource ${name} must be of type INTEGER.`)
  const value = r?.integerValue ?? 0
  if (value < 0) throw EcsErrors.invalidParameter(`The resource ${name} cannot be negative.`)
  return { name, type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: value }
}

function portsResource(name: string, r: Resource | undefined): Resource {
  if (r?.type !== undefined && r.type !== 'STRINGSET') throw EcsErrors.invalidParameter(`The resource ${name} must be of type STRINGSET.`)
  const ports = r?.stringSetValue ?? []
  for (const p of ports) {
    if (!/^\d{1,5}$/.test(p) || Number(p) > 65535) throw EcsErrors.invalidParameter(`The resource ${name} lists '${p}', which is not a port number.`)
  }
  return { name, type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: [...new Set(ports)] }
}

function otherResource(r: Resource): Resource {
  if (!(RESOURCE_TYPES as readonly (string | undefined)[]).includes(r.type)) {
    throw EcsErrors.invalidParameter(`The resource ${r.name} needs a type: one of ${RESOURCE_TYPES.join(', ')}.`)
  }
  return {
    name: r.name!,
    type: r.type!,
    doubleValue: r.doubleValue ?? 0,
    longValue: r.longValue ?? 0,
    integerValue: r.integerValue ?? 0,
    ...(r.type === 'STRINGSET' ? { stringSetValue: r.stringSetValue ?? [] } : {}),
  }
}

/** The fields of an EC2 instance identity document that registration uses. */
export interface InstanceIdentity {
  instanceId?: string
  instanceType?: string
  availabilityZone?: string
  imageId?: string
  architecture?: string
  /** Where the host's published ports are reached (the load balancer's instance targets). */
  privateIp?: string
}

/**
 * Reads the instance identity document (JSON, as EC2's metadata service serves it). Berth
 * hosts are not EC2 instances: the document is optional, and its signature is not checked.
 * An empty string is what the ECS agent sends when it has none.
 */
export function readIdentityDocument(text: string | undefined): InstanceIdentity {
  if (text === undefined || text.trim() === '') return {}
  const doc = parseJson(text)
  if (!isPlainObject(doc)) throw EcsErrors.invalidParameter('instanceIdentityDocument must be a JSON instance identity document.')
  const field = (k: string) => (typeof doc[k] === 'string' && doc[k] !== '' ? { [k]: doc[k] } : {})
  const identity = { ...field('instanceId'), ...field('instanceType'), ...field('availabilityZone'), ...field('imageId'), ...field('architecture'), ...field('privateIp') }
  if (identity.privateIp !== undefined && !isIpv4(identity.privateIp)) {
    throw EcsErrors.invalidParameter(`instanceIdentityDocument: privateIp must be an IPv4 address, not '${identity.privateIp}'.`)
  }
  return identity
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** A stable stand-in EC2 id (`i-` and 17 hex digits) for an instance registered without one. */
export const fakeEc2InstanceId = (containerInstanceArn: string): string =>
  `i-${createHash('sha256').update(containerInstanceArn).digest('hex').slice(0, 17)}`

/**
 * The attributes ECS itself sets on a registered instance. On EC2 they come from the instance
 * identity document and override what the agent says; without one Berth keeps what the agent
 * reported, and fills in the ones every instance must have so that placement can rely on them
 * (`spread` over `attribute:ecs.availability-zone`, `memberOf` on `ecs.os-type`).
 */
export function ecsAttributes(identity: InstanceIdentity, region: string): [name: string, fromIdentity: string | undefined, fallback: string | undefined][] {
  return [
    ['ecs.ami-id', identity.imageId, undefined],
    ['ecs.availability-zone', identity.availabilityZone, `${region}a`],
    ['ecs.instance-type', identity.instanceType, undefined],
    ['ecs.os-type', undefined, 'linux'],
    ['ecs.cpu-architecture', identity.architecture, 'x86_64'],
  ]
}

/** The attributes a registration asks for, checked, with ECS's own added. Last of a name wins. */
export function registrationAttributes(requested: readonly Attribute[], identity: InstanceIdentity, region: string): InstanceAttribute[] {
  requested.forEach(checkAttribute)
  let attributes = withAttributes([], requested.map(toInstanceAttribute))
  for (const [name, fromIdentity, fallback] of ecsAttributes(identity, region)) {
    const value = fromIdentity ?? (attributes.some((a) => a.name === name) ? undefined : fallback)
    if (value !== undefined) attributes = withAttributes(attributes, [{ name, value }])
  }
  return attributes
}

const isIpv4 = (v: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(v) && v.split('.').every((p) => Number(p) <= 255)
