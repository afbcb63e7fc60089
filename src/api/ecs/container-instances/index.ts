export const containerInstanceOperations = {}
