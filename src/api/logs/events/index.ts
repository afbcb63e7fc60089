import { filterLogEvents } from './filter-log-events.js'
import { getLogEvents } from './get-log-events.js'
import { putLogEvents } from './put-log-events.js'

export const eventOperations = {
  PutLogEvents: putLogEvents,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
}
