export { requestTagKeys, type AuthorizationCheck, type AuthorizationTable, type OperationChecks } from './authorization-table.js'
export { createAuthorizer, type AuthorizerOptions } from './authorizer.js'
