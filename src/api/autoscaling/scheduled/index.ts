import { deleteScheduledAction } from './delete-scheduled-action.js'
import { describeScheduledActions } from './describe-scheduled-actions.js'
import { putScheduledAction } from './put-scheduled-action.js'

export const scheduledOperations = {
  PutScheduledAction: putScheduledAction,
  DescribeScheduledActions: describeScheduledActions,
  DeleteScheduledAction: deleteScheduledAction,
}
