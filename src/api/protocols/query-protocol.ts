import { WireErrors, isApiError, type ApiError } from '../../core/errors.js'
import type { ServiceModel } from '../shapes/model.js'
import { refuseUnsupportedMembers, type RefusedMembers } from '../shapes/refused-members.js'
import { createInputValidator, type InputValidator } from '../shapes/validate-input.js'
import { signingNameOf, type Authorize, type ErrorLogger } from './json-protocol.js'
import { QUERY_WIRE_CODES } from './wire-codes.js'
import { parseQueryInput, type FormParams } from './query-input.js'
import type { RequestContext, WireResponse } from './wire.js'
import { escapeXml, writeMembers } from './xml-output.js'

/** An operation of a query service: a parsed, validated input in, an output shape out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type QueryOperation<I = any, O = any> = (input: I, ctx: RequestContext) => Promise<O>

export interface QueryServiceSpec {
  /** Its `metadata.apiVersion` is the form's `Version`; its `xmlNamespace` every answer's xmlns. */
  model: ServiceModel
  /** The service's own error for a parameter the model rejects (ELBv2: ValidationError). */
  invalidParameter: (message: string) => ApiError
  operations: Readonly<Record<string, QueryOperation>>
  /** Members the model has that Berth does not act on: refused by name, never dropped. */
  refusedMembers?: RefusedMembers
  /** Checks the caller may make this request (src/api/iam), after validation and before the operation runs. */
  authorize?: Authorize
}

export interface QueryService {
  /** The form's `Version` that selects this service, e.g. 2015-12-01 for ELBv2. */
  readonly version: string
  /** The SigV4 scope's service: elasticloadbalancing, monitoring. */
  readonly signingName: string
  handle(params: FormParams, ctx: RequestContext): Promise<WireResponse>
  renderError(error: ApiError, ctx: RequestContext): WireResponse
}

const XML = 'text/xml'

/**
 * The AWS query protocol (ELBv2, CloudWatch): `POST /` with a form body
 * `Action=<Op>&Version=<apiVersion>&…`, answered with
 * `<OpResponse xmlns=ns><OpResult>…</OpResult><ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>`,
 * errors as `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 */
export function createQueryService(spec: QueryServiceSpec, logError: ErrorLogger): QueryService {
  const { model } = spec
  const version = model.metadata['apiVersion']
  if (!version) throw new Error('a query service model needs metadata.apiVersion')
  const namespace = model.metadata['xmlNamespace']
  const validator: InputValidator = createInputValidator(model, spec.invalidParameter)

  async function run(action: string, params: FormParams, ctx: RequestContext): Promise<string> {
    // Own members only: Action=constructor must not find what every object inherits.
    const op = Object.hasOwn(spec.operations, action) ? spec.operations[action] : undefined
    const opModel = Object.hasOwn(model.operations, action) ? model.operations[action] : undefined
    if (!op || !opModel) throw WireErrors.invalidAction(action)
    const input = opModel.input
      ? validator.validate(opModel.input, parseQueryInput(model, opModel.input, params, spec.invalidParameter))
      : {}
    refuseUnsupportedMembers(input, spec.refusedMembers?.[action], spec.invalidParameter)
    await spec.authorize?.(action, input, ctx)
    const output: unknown = await op(input, ctx)
    // Ops with no output shape (CloudWatch PutMetricData) answer only the ResponseMetadata.
    const result = opModel.output ? tagged(opModel.resultWrapper ?? `${action}Result`, writeMembers(model, opModel.output, output ?? {})) : ''
    return tagged(`${action}Response`, result + responseMetadata(ctx), namespace)
  }

  const renderError = (error: ApiError, ctx: RequestContext) => renderQueryError(error, ctx, model)

  return {
    version,
    signingName: signingNameOf(model),
    async handle(params, ctx) {
      const action = params.get('Action')
      try {
        if (!action) throw WireErrors.missingAction()
        return { status: 200, headers: xmlHeaders(ctx), body: await run(action, params, ctx) }
      } catch (error) {
        return renderError(isApiError(error) ? error : (logError(error, action ?? '(no Action)'), WireErrors.internal()), ctx)
      }
    },
    renderError,
  }
}

/**
 * A query error. `<Code>` is the model's `error.code` when the error names one of the model's
 * error shapes (ELBv2's TargetGroupNotFoundException answers `TargetGroupNotFound`, which
 * botocore and the JS SDK map back to that class), with the model's HTTP status. The wire's
 * own errors take the names AWS's query front ends use for them.
 */
export function renderQueryError(error: ApiError, ctx: RequestContext, model?: ServiceModel): WireResponse {
  const shape = model?.shapes[error.code]
  const modeled = shape?.exception ? shape.error : undefined
  // A body too large is SerializationException to JSON clients; query front ends name it by status.
  const code = modeled?.code ?? (error.status === 413 ? 'RequestEntityTooLarge' : QUERY_WIRE_CODES[error.code]) ?? error.code
  const status = modeled?.httpStatusCode ?? QUERY_WIRE_STATUS[error.code] ?? error.status
  const type = modeled?.senderFault === false || status >= 500 ? 'Receiver' : 'Sender'
  const body =
    tagged('Error', tagged('Type', type) + tagged('Code', escapeXml(code)) + tagged('Message', escapeXml(error.message))) +
    tagged('RequestId', ctx.requestId)
  return { status, headers: xmlHeaders(ctx), body: tagged('ErrorResponse', body, model?.metadata['xmlNamespace']) }
}


/** ...and answer some with another status: ELBv2 and CloudWatch deny with 403, ECS and Logs with 400. */
const QUERY_WIRE_STATUS: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
}

/**
 * Bounds on a form, checked before and while it is parsed: every dotted prefix of every key is
 * indexed (query-input.ts), which cost 0.4 s for one 2 MB key of a million dots, and decoding
 * 500,000 parameters costs 0.13 s. The deepest key the query APIs use (ELBv2's
 * `Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight`) has 6 dots; the most
 * parameters, a 1 MB CloudWatch PutMetricData, about 25,000.
 */
export const MAX_FORM_PARAMS = 30_000
export const MAX_FORM_KEY_DOTS = 16
export const MAX_FORM_KEY_LENGTH = 512

/** The form body as a map; a repeated key keeps its last value. Refuses a form past the bounds above. */
export function parseForm(body: Buffer): Map<string, string> {
  let params = 1
  for (let i = body.indexOf(0x26); i >= 0; i = body.indexOf(0x26, i + 1)) {
    if (++params > MAX_FORM_PARAMS) throw WireErrors.malformedQuery(`The request has more than ${MAX_FORM_PARAMS} parameters.`)
  }
  const form = new Map(new URLSearchParams(body.toString('utf8')))
  for (const key of form.keys()) {
    if (key.length > MAX_FORM_KEY_LENGTH) throw WireErrors.malformedQuery(`A parameter name is longer than ${MAX_FORM_KEY_LENGTH} characters.`)
    let dots = 0
    for (let i = key.indexOf('.'); i >= 0; i = key.indexOf('.', i + 1)) {
      if (++dots > MAX_FORM_KEY_DOTS) throw WireErrors.malformedQuery(`The parameter ${key.slice(0, 64)}... is nested deeper than ${MAX_FORM_KEY_DOTS} levels.`)
    }
  }
  return form
}

export const isFormRequest = (contentType: string | undefined): boolean =>
  contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') ?? false

const responseMetadata = (ctx: RequestContext) => tagged('ResponseMetadata', tagged('RequestId', ctx.requestId))

function tagged(name: string, body: string, xmlns?: string): string {
  const open = `${name}${xmlns ? ` xmlns="${escapeXml(xmlns)}"` : ''}`
  return body === '' ? `<${open}/>` : `<${open}>${body}</${name}>`
}

const xmlHeaders = (ctx: RequestContext): Record<string, string> => ({ 'content-type': XML, 'x-amzn-requestid': ctx.requestId })
