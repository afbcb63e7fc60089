import { createLogStream } from './create-log-stream.js'
import { deleteLogStream } from './delete-log-stream.js'
import { describeLogStreams } from './describe-log-streams.js'

export const streamOperations = {
  CreateLogStream: createLogStream,
  DeleteLogStream: deleteLogStream,
  DescribeLogStreams: describeLogStreams,
}
