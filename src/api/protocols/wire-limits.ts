/** The most a compressed request body may decompress to (as much as the server reads uncompressed, http-server.ts). */
export const DEFAULT_DECODED_LIMIT = 2 * 1024 * 1024
