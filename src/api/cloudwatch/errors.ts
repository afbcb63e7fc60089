import { ApiError } from '../../core/errors.js'

/**
 * The CloudWatch errors Berth raises, by the model's shape name: the query protocol writes the
 * shape's `error.code` (InvalidParameterValueException → `InvalidParameterValue`) and JSON 1.0
 * writes the shape name as `__type` with the code in `x-amzn-query-error`, so both kinds of
 * client map them back to the same exception class. `ValidationError` is the query front end's
 * own code, which GetMetricData answers for a malformed query (as AWS does).
 */
export const CloudWatchErrors = {
  invalidParameterValue: (message: string) => new ApiError('InvalidParameterValueException', message),
  missingParameter: (message: string) => new ApiError('MissingRequiredParameterException', message),
  invalidParameterCombination: (message: string) => new ApiError('InvalidParameterCombinationException', message),
  invalidNextToken: (message = 'The service cannot process the NextToken: it is not one this API gave out.') => new ApiError('InvalidNextToken', message),
  validation: (message: string) => new ApiError('ValidationError', message),
  limitExceeded: (message: string) => new ApiError('LimitExceededFault', message),
  resourceNotFound: (message: string) => new ApiError('ResourceNotFound', message, 404),
  invalidFormat: (message: string) => new ApiError('InvalidFormatFault', message),
} as const
