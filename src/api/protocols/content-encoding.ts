import { gunzipSync } from 'node:zlib'
import { ApiError, WireErrors } from '../../core/errors.js'
import { DEFAULT_DECODED_LIMIT } from './wire-limits.js'
import type { WireRequest } from './wire.js'

/**
 * A request body as the operation reads it. SDKs gzip the bodies of operations the model marks
 * `requestcompression` (CloudWatch PutMetricData) once they pass 10 KiB; the signature covers
 * the compressed bytes, so the router authenticates the request as sent and routes this one.
 * Decompression stops at `limit` bytes, so a small bomb cannot fill memory.
 */
export function decodeContent(req: WireRequest, limit = DEFAULT_DECODED_LIMIT): WireRequest {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase()
  if (!encoding || encoding === 'identity') return req
  if (encoding !== 'gzip') throw WireErrors.serialization(`Berth accepts request bodies in Content-Encoding gzip or none, not ${encoding.slice(0, 40)}.`)
  try {
    return { ...req, body: gunzipSync(req.body, { maxOutputLength: limit }) }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ApiError('SerializationException', `The request body is larger than the ${limit} bytes Berth accepts once decompressed.`, 413)
    }
    throw WireErrors.serialization('The request body is not valid gzip (Content-Encoding: gzip).')
  }
}
