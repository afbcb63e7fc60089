import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Certificate } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import { sslPolicyNamed } from '../../../core/model/ssl-policies.js'
import type { ElbDeps } from '../deps.js'

/**
 * There is no ACM here: an HTTPS listener's `arn:aws:acm:<region>:<account>:certificate/<id>`
 * names the files `<certificatesDir>/<id>.crt` and `<id>.key`, which must exist when the
 * listener is created or changed. The listener keeps the id; the controller reads the files.
 */
export function resolveCertificate(certificates: readonly Certificate[] | undefined, deps: ElbDeps): { arn: string; id: string } {
  if (certificates?.length !== 1 || certificates[0]?.CertificateArn === undefined) {
    throw ElbErrors.invalidConfiguration('You must provide a list containing exactly one certificate if the listener protocol is HTTPS.')
  }
  const arn = certificates[0].CertificateArn
  const id = deps.arns.certificateIdOf(arn)
  if (id === undefined) {
    throw ElbErrors.certificateNotFound(`Certificate '${arn}' not found: Berth takes ACM certificate ARNs of ${deps.arns.partition.region} and account ${deps.arns.partition.accountId}`)
  }
  for (const file of [`${id}.crt`, `${id}.key`]) {
    if (!existsSync(join(deps.certificatesDir, file))) {
      throw ElbErrors.certificateNotFound(`Certificate '${arn}' not found: Berth reads it from ${join(deps.certificatesDir, file)}, which does not exist`)
    }
  }
  return { arn, id }
}

export { DEFAULT_SSL_POLICY } from '../../../core/model/ssl-policies.js'

/** A listener's SslPolicy must be one of ELB's predefined policies (ALB has no custom ones). */
export function checkSslPolicy(name: string): string {
  if (!sslPolicyNamed(name)) throw ElbErrors.sslPolicyNotFound(name)
  return name
}
