/** JSON front ends and query front ends name the same refusals differently. */
export const QUERY_WIRE_CODES: Readonly<Record<string, string>> = {
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  UnknownOperationException: 'InvalidAction',
  ServerException: 'InternalFailure',
  AccessDeniedException: 'AccessDenied',
}
