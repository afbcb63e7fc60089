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
}

export interface OperationModel {
  input?: string
  output?: string
  resultWrapper?: string
  errors: string[]
}

export interface ServiceModel {
  metadata: Record<string, string>
  operations: Record<string, OperationModel>
  shapes: Record<string, Shape>
}
