import { ElbErrors } from '../../core/errors.js'

/**
 * ELB's Marker/PageSize paging over a whole, ordered set (ELB's quotas keep the sets small).
 * The marker is opaque to clients: the offset of the next item, encoded.
 */
export function page<T>(items: readonly T[], marker: string | undefined, pageSize: number | undefined): { items: T[]; nextMarker?: string } {
  const size = pageSize ?? 400
  let start = 0
  if (marker !== undefined) {
    const offset = /^o:(\d{1,9})$/.exec(Buffer.from(marker, 'base64url').toString('utf8'))?.[1]
    if (offset === undefined) throw ElbErrors.validation(`The marker '${marker}' is not valid`)
    start = Number(offset)
  }
  const end = start + size
  return { items: items.slice(start, end), ...(end < items.length ? { nextMarker: Buffer.from(`o:${end}`).toString('base64url') } : {}) }
}
