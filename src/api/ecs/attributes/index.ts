import { deleteAttributes } from './delete-attributes.js'
import { listAttributes } from './list-attributes.js'
import { putAttributes } from './put-attributes.js'

export const attributeOperations = {
  PutAttributes: putAttributes,
  DeleteAttributes: deleteAttributes,
  ListAttributes: listAttributes,
}
