export const attributeOperations = {}
