/**
 * The compact form of an AWS service model that scripts/extract-model.js writes into
 * src/core/aws-model/: operations and shapes, no documentation.
 */
export interface MemberRef {
  shape: string
  locationName?: string
  flattened?: boolean
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'double' | 'float' | 'boolean' | 'timestamp' | 'blob'
  members?: Record<string, MemberRef>
  required?: string[]
  member?: MemberRef
  key?: MemberRef
  value?: MemberRef
  enum?: string[]
  min?: number
  max?: number
  pattern?: string
  /** Query/XML: list items (and map entries) repeat the member's own name, with no `member` step. */
  flattened?: boolean
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean }
  exception?: boolean
  /** A structure that holds any JSON value (ECS HookDetails); it lists no members. */
  document?: boolean
  /** A structure of which exactly one member is set. */
  union?: boolean
}

export interface OperationModel {
  input?: string
  output?: string
  resultWrapper?: string
  errors: string[]
}

/**
 * The model's metadata as botocore has it. Newer models list every protocol a service speaks:
 * CloudWatch's `protocols` are smithy-rpc-v2-cbor, json and query, with `awsQueryCompatible`
 * (JSON errors also name the query error code) and `targetPrefix`/`jsonVersion` for JSON 1.0.
 */
export interface ServiceMetadata {
  apiVersion?: string
  protocol?: string
  protocols?: string[]
  jsonVersion?: string
  targetPrefix?: string
  xmlNamespace?: string
  /** The SigV4 scope's service; when absent, clients sign with endpointPrefix. */
  signingName?: string
  endpointPrefix?: string
  awsQueryCompatible?: Record<string, unknown>
  [key: string]: unknown
}

export interface ServiceModel {
  /** Which botocore release and file the model was extracted from. */
  source?: { botocore: string; file: string }
  metadata: ServiceMetadata
  operations: Record<string, OperationModel>
  shapes: Record<string, Shape>
}
