import { createListener } from './create-listener.js'
import { deleteListener } from './delete-listener.js'
import { describeListeners } from './describe-listeners.js'
import { describeSslPolicies } from './describe-ssl-policies.js'
import { modifyListener } from './modify-listener.js'

export const listenerOperations = {
  CreateListener: createListener,
  DescribeListeners: describeListeners,
  ModifyListener: modifyListener,
  DeleteListener: deleteListener,
  DescribeSSLPolicies: describeSslPolicies,
}
