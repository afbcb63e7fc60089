import { WireErrors, isApiError, type ApiError } from '../../core/errors.js'
import type { ServiceModel } from '../shapes/model.js'
import { refuseUnsupportedMembers, type RefusedMembers } from '../shapes/refused-members.js'
import { createInputValidator, isPlainObject, type InputValidator } from '../shapes/validate-input.js'
import { MAX_JSON_DEPTH, MAX_JSON_STRUCTURE, checkJsonShape } from './json-depth.js'
import { QUERY_WIRE_CODES } from './wire-codes.js'
import type { RequestContext, WireRequest, WireResponse } from './wire.js'

/**
 * What an operation sees of its request besides the input. Headers are for the rare operation
 * that reads or answers one of Berth's own: RegisterContainerInstance and the agent's
 * credentials (core/agent-credentials.ts), which the ECS shapes have no member for.
 */
export interface OperationContext extends RequestContext {
  readonly requestHeaders: WireRequest['headers']
  /** Added to the answer when the operation succeeds. */
  readonly responseHeaders: Record<string, string>
}

/** An operation of a JSON service: a parsed, validated input in, an output shape out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonOperation<I = any, O = any> = (input: I, ctx: OperationContext) => Promise<O>

export interface JsonServiceSpec {
  /** The X-Amz-Target prefix, e.g. AmazonEC2ContainerServiceV20141113. */
  targetPrefix: string
  model: ServiceModel
  /** The service's own error for a parameter the model rejects (ECS: InvalidParameterException). */
  invalidParameter: (message: string) => ApiError
  /** ECS and Logs put `message` in error bodies; Application Auto Scaling puts `Message`. */
  errorMessageKey: 'message' | 'Message'
  operations: Readonly<Record<string, JsonOperation>>
  /** Members the model has that Berth does not act on: refused by name, never dropped. */
  refusedMembers?: RefusedMembers
  /** Checks the caller may make this request (src/api/iam), after validation and before the operation runs. */
  authorize?: Authorize
  /**
   * The error for an operation of the model that Berth does not implement (a service's own
   * type, naming the operation and why); without it, or for names the model lacks, the wire's
   * UnknownOperationException.
   */
  notImplemented?: (operation: string) => ApiError | undefined
}

/**
 * Authorization needs the parsed input (which cluster, which task definition), so it runs in
 * the service, after validation; authentication (who) stays in the router. Throws an
 * AccessDenied ApiError; resolves when the request may go on.
 */
export type Authorize = (operation: string, input: unknown, ctx: RequestContext) => Promise<void>

export interface JsonService {
  readonly targetPrefix: string
  /** The SigV4 scope's service for this API: the model's signingName, else its endpointPrefix. */
  readonly signingName: string
  handle(operation: string, req: WireRequest, ctx: RequestContext): Promise<WireResponse>
  /** For refusals made before the service runs, e.g. a bad signature. */
  renderError(error: ApiError, ctx: RequestContext): WireResponse
}

export type ErrorLogger = (error: unknown, operation: string) => void

/**
 * The AWS JSON 1.0/1.1 protocol: `POST /`, `X-Amz-Target: <prefix>.<Operation>`, the input
 * shape as the JSON body, the output shape as the JSON answer, errors as
 * `{"__type": code, "message": ...}` with a non-2xx status.
 */
export function createJsonService(spec: JsonServiceSpec, logError: ErrorLogger): JsonService {
  const validator: InputValidator = createInputValidator(spec.model, spec.invalidParameter)
  const contentType = `application/x-amz-json-${spec.model.metadata['jsonVersion'] ?? '1.1'}`

  const queryCompatible = spec.model.metadata['awsQueryCompatible'] !== undefined
  const renderError = (error: ApiError, ctx: RequestContext) => {
    const response = renderJsonError(error, ctx, spec.errorMessageKey, contentType)
    // A service that moved from query to JSON (CloudWatch) also names the error as its query
    // front end did, in a header: botocore and the JS SDK take the code from it.
    if (queryCompatible) response.headers['x-amzn-query-error'] = queryErrorHeader(spec.model, error)
    return response
  }

  async function run(operation: string, req: WireRequest, ctx: OperationContext): Promise<unknown> {
    // Own members only: the operation name comes from the client, and `constructor` or
    // `__proto__` would otherwise find what every JavaScript object inherits.
    const op = Object.hasOwn(spec.operations, operation) ? spec.operations[operation] : undefined
    const opModel = Object.hasOwn(spec.model.operations, operation) ? spec.model.operations[operation] : undefined
    if (!op || !opModel) throw (opModel ? spec.notImplemented?.(operation) : undefined) ?? WireErrors.unknownOperation(`${spec.targetPrefix}.${operation}`)
    const body = parseBody(req.body)
    const input = opModel.input ? validator.validate(opModel.input, body) : {}
    refuseUnsupportedMembers(input, spec.refusedMembers?.[operation], spec.invalidParameter)
    await spec.authorize?.(operation, input, ctx)
    return (await op(input, ctx)) ?? {}
  }

  return {
    targetPrefix: spec.targetPrefix,
    signingName: signingNameOf(spec.model),
    async handle(operation, req, ctx) {
      try {
        const opCtx: OperationContext = { ...ctx, requestHeaders: req.headers, responseHeaders: {} }
        const output = await run(operation, req, opCtx)
        return { status: 200, headers: { ...opCtx.responseHeaders, ...jsonHeaders(contentType, ctx) }, body: JSON.stringify(output) }
      } catch (error) {
        return renderError(isApiError(error) ? error : (logError(error, operation), WireErrors.internal()), ctx)
      }
    },
    renderError,
  }
}

/**
 * `<Code>;<Sender|Receiver>`: the code the service's query front end gives the error (the
 * model's `error.code`, or the wire's query name: AccessDenied), so a JSON client sees the
 * same code as a query one.
 */
function queryErrorHeader(model: ServiceModel, error: ApiError): string {
  const shape = Object.hasOwn(model.shapes, error.code) ? model.shapes[error.code] : undefined
  const code = (shape?.exception ? shape.error?.code : undefined) ?? QUERY_WIRE_CODES[error.code] ?? error.code
  return `${code};${error.status >= 500 ? 'Receiver' : 'Sender'}`
}

/** What clients put in the SigV4 scope for a model's API (botocore: signingName, else endpointPrefix). */
export function signingNameOf(model: ServiceModel): string {
  const name = model.metadata['signingName'] ?? model.metadata['endpointPrefix']
  if (!name) throw new Error('a service model needs metadata.signingName or endpointPrefix')
  return name
}

/** A JSON error: `{"__type": code, "message": ...}` and the error shape's other members, with the error's status. */
export function renderJsonError(
  error: ApiError,
  ctx: RequestContext,
  messageKey: 'message' | 'Message' = 'message',
  contentType = 'application/x-amz-json-1.1',
): WireResponse {
  return {
    status: error.status,
    headers: jsonHeaders(contentType, ctx),
    body: JSON.stringify({ ...error.fields, __type: error.code, [messageKey]: error.message }),
  }
}

const jsonHeaders = (contentType: string, ctx: RequestContext): Record<string, string> => ({
  'content-type': contentType,
  'x-amzn-requestid': ctx.requestId,
})

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {}
  const refusal = checkJsonShape(body)
  if (refusal?.kind === 'depth') throw WireErrors.serialization(`Document nesting depth (${refusal.depth}) exceeds the maximum allowed (${MAX_JSON_DEPTH}).`)
  if (refusal?.kind === 'structure') {
    throw WireErrors.serialization(`The request body has more than ${MAX_JSON_STRUCTURE} JSON values and members, the most Berth parses.`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw WireErrors.serialization('The request body is not valid JSON.')
  }
  if (!isPlainObject(parsed)) throw WireErrors.serialization('The request body must be a JSON object.')
  return parsed
}
