export const taskDefinitionOperations = {}
