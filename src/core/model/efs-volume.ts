import type { EFSVolumeConfiguration, TaskDefinition } from '../aws-model/ecs.types.js'

/** An EFS file system id, or its ARN, as EFS names them. */
export const FILE_SYSTEM_ID = /^(arn:aws[a-z-]*:elasticfilesystem:[a-z0-9-]+:\d{12}:file-system\/)?(fs-[0-9a-f]{8,40})$/

/** `fs-0123abcd` from an id or an ARN; undefined when it is neither. */
export function fileSystemIdOf(value: string): string | undefined {
  return FILE_SYSTEM_ID.exec(value)?.[2]
}

/**
 * The directory inside the file system that a volume mounts, as a relative POSIX path
 * (`''` for the root): rootDirectory, default `/`, with `.` steps dropped. `..` would leave the
 * file system: undefined.
 */
export function efsSubdirectory(rootDirectory: string | undefined): string | undefined {
  const steps = (rootDirectory ?? '/').split('/').filter((s) => s !== '' && s !== '.')
  if (steps.includes('..')) return undefined
  return steps.join('/')
}

/**
 * Why a task definition's EFS volumes cannot be mounted (pure): what ECS checks of
 * efsVolumeConfiguration, plus a rootDirectory that would climb out of the file system.
 */
export function efsVolumeProblems(td: TaskDefinition): string[] {
  const out: string[] = []
  for (const v of td.volumes ?? []) {
    const efs = v.efsVolumeConfiguration
    if (efs) out.push(...problemsOf(v.name ?? '', efs))
  }
  return out
}

function problemsOf(volume: string, efs: EFSVolumeConfiguration): string[] {
  const out: string[] = []
  const at = `Volume ${volume}:`
  if (fileSystemIdOf(efs.fileSystemId) === undefined) out.push(`${at} fileSystemId ${efs.fileSystemId} is not an EFS file system id (fs-0123456789abcdef0).`)
  if (efsSubdirectory(efs.rootDirectory) === undefined) out.push(`${at} rootDirectory ${efs.rootDirectory} may not contain '..'.`)
  const encrypted = efs.transitEncryption === 'ENABLED'
  if (efs.authorizationConfig?.iam === 'ENABLED' && !encrypted) out.push(`${at} Transit encryption must be enabled when IAM authorization is used.`)
  if (efs.transitEncryptionPort !== undefined) {
    if (!encrypted) out.push(`${at} transitEncryptionPort is only used when transitEncryption is ENABLED.`)
    else if (!Number.isInteger(efs.transitEncryptionPort) || efs.transitEncryptionPort < 1 || efs.transitEncryptionPort > 65535) out.push(`${at} transitEncryptionPort must be a port number.`)
  }
  return out
}
