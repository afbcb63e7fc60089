import type { EFSVolumeConfiguration } from '../../core/aws-model/ecs.types.js'
import { efsSubdirectory, fileSystemIdOf } from '../../core/model/efs-volume.js'
import type { VolumeSpec } from '../runtime/spec.js'

/**
 * Where an EFS volume's data lives on this instance (pure, but for `local`, which the agent
 * gives: host-engine.ts). There is no Amazon EFS here; a file system id names
 * - an NFS export the operator mapped to it (BERTH_EFS_EXPORTS): a Docker volume of the local
 *   driver with `type=nfs`, made for the task and removed with it; the export's data stays;
 * - else a folder under BERTH_EFS_DIR (`<dir>/<fs-id>`), shared by every instance given the
 *   same folder (berth up's local instances): a bind mount.
 * `rootDirectory` is a folder inside the file system that must exist, as on EFS, where
 * mounting a missing one fails the task ("No such file or directory"). transitEncryption and
 * IAM authorization are accepted: the folder is local, and an NFS export is the operator's
 * network to protect (the mount is plain NFS, not TLS).
 */
export interface EfsSettings {
  /** BERTH_EFS_DIR. */
  dir?: string | undefined
  /** BERTH_EFS_EXPORTS: file system id → `host:/path`. */
  exports: Readonly<Record<string, string>>
  /**
   * The folder of `subdir` in file system `fsId` under `dir`, making `<dir>/<fsId>` itself if it
   * is missing (a file system Berth manages exists once named); `missing` when `subdir` is not there.
   */
  local: (dir: string, fsId: string, subdir: string) => { path: string } | { missing: true }
}

/** NFS mount options as the EFS documentation recommends them for NFS clients. */
export const NFS_OPTIONS = 'nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport'

export type EfsPlan =
  | { kind: 'bind'; source: string }
  | { kind: 'volume'; spec: Omit<VolumeSpec, 'labels' | 'name'> }
  | { kind: 'refused'; reason: string }

const MOUNT_FAILED = 'ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes'

export function planEfsVolume(efs: EFSVolumeConfiguration, settings: EfsSettings | undefined): EfsPlan {
  const fsId = fileSystemIdOf(efs.fileSystemId)
  const subdir = efsSubdirectory(efs.rootDirectory)
  if (fsId === undefined || subdir === undefined) return { kind: 'refused', reason: `${MOUNT_FAILED}: ${efs.fileSystemId}:${efs.rootDirectory ?? '/'} is not a file system path` }
  const nfs = settings?.exports[fsId]
  if (nfs !== undefined) {
    const colon = nfs.indexOf(':')
    const host = nfs.slice(0, colon)
    const exportPath = nfs.slice(colon + 1).replace(/\/+$/, '')
    return {
      kind: 'volume',
      spec: { driver: 'local', driverOpts: { type: 'nfs', o: `addr=${host},${NFS_OPTIONS}`, device: `:${exportPath}/${subdir}` } },
    }
  }
  if (settings?.dir === undefined) {
    return { kind: 'refused', reason: `${MOUNT_FAILED}: file system ${fsId} is not configured on this container instance (BERTH_EFS_DIR, BERTH_EFS_EXPORTS)` }
  }
  const found = settings.local(settings.dir, fsId, subdir)
  if ('missing' in found) {
    return { kind: 'refused', reason: `${MOUNT_FAILED}: mount.nfs4: mounting ${fsId}:/${subdir} failed, reason given by server: No such file or directory` }
  }
  return { kind: 'bind', source: found.path }
}
