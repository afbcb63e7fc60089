import type { WireRequest } from '../api/protocols/wire.js'

/**
 * The `api` and `operation` labels of an AWS API request, read from what the router reads:
 * the X-Amz-Target header of the JSON protocols, the form's Version and Action of the query
 * protocol. Only APIs Berth knows get their own `api` label; anything else is `unknown`, so a
 * client cannot mint series with made-up names (operations are capped in timed-router.ts).
 */
export interface RequestLabels {
  api: string
  operation: string
}

/** JSON target prefixes (X-Amz-Target `<prefix>.<Operation>`) by API. */
const JSON_APIS: Readonly<Record<string, string>> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  Logs_20140328: 'logs',
  // CloudWatch's JSON 1.0 form (newer SDKs) and Application Auto Scaling (issue 8).
  GraniteServiceVersion20100801: 'cloudwatch',
  AnyScaleFrontendService: 'application-autoscaling',
}

/** Query-protocol Versions by API. */
const QUERY_APIS: Readonly<Record<string, string>> = {
  '2015-12-01': 'elbv2',
  '2010-08-01': 'cloudwatch',
}

export const UNKNOWN: RequestLabels = { api: 'unknown', operation: 'unknown' }

const OPERATION = /^[A-Za-z][A-Za-z0-9]{0,63}$/

export function requestLabels(req: Pick<WireRequest, 'headers' | 'body'>): RequestLabels {
  const target = req.headers['x-amz-target']
  if (target) {
    const dot = target.lastIndexOf('.')
    const api = dot < 0 ? undefined : JSON_APIS[target.slice(0, dot)]
    return api ? { api, operation: operationLabel(target.slice(dot + 1)) } : UNKNOWN
  }
  if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    // Two fields of the form, without parsing a body that may be a large PutMetricData.
    const text = req.body.toString('latin1')
    const api = QUERY_APIS[formField(text, 'Version') ?? '']
    return api ? { api, operation: operationLabel(formField(text, 'Action') ?? '') } : UNKNOWN
  }
  return UNKNOWN
}

const operationLabel = (name: string): string => (OPERATION.test(name) ? name : 'unknown')

function formField(form: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|&)${name}=([^&]*)`).exec(form)
  if (!m) return undefined
  try {
    return decodeURIComponent(m[1]!.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}
