import type { Action, Certificate } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { ListenerRecord } from '../../../core/model/listener.js'
import type { ElbDeps } from '../deps.js'
import { checkActions } from '../rules/check-actions.js'
import { DEFAULT_SSL_POLICY, checkSslPolicy, resolveCertificate } from './certificate.js'

/** What CreateListener and ModifyListener both set. */
export interface ListenerSettingsInput {
  Protocol?: string | undefined
  Port?: number | undefined
  SslPolicy?: string | undefined
  Certificates?: Certificate[] | undefined
  DefaultActions?: Action[] | undefined
}

type Settings = Pick<ListenerRecord, 'port' | 'protocol' | 'certificate' | 'sslPolicy' | 'defaultActions'>

/**
 * A listener's settings: `base` (none for a new listener) with what the request sets. HTTPS
 * needs exactly one certificate; moving to HTTP drops the certificate and policy, as ModifyListener does.
 */
export function listenerSettings(input: ListenerSettingsInput, base: Settings | undefined, deps: ElbDeps): Settings {
  const protocol = input.Protocol ?? base?.protocol
  if (protocol === undefined) throw ElbErrors.validation('A listener protocol must be specified')
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
    throw ElbErrors.incompatibleProtocols(`Listener protocol '${protocol}' must be one of 'HTTPS, HTTP' for an application load balancer`)
  }
  const port = input.Port ?? base?.port
  if (port === undefined) throw ElbErrors.validation('A listener port must be specified')
  const defaultActions = input.DefaultActions ? checkActions(input.DefaultActions, protocol) : base?.defaultActions
  if (!defaultActions) throw ElbErrors.validation('Default actions must be specified')
  if (protocol === 'HTTP') {
    if (input.Certificates?.length) throw ElbErrors.invalidConfiguration('Certificates cannot be specified for an HTTP listener')
    if (input.SslPolicy !== undefined) throw ElbErrors.invalidConfiguration('An SSL policy cannot be specified for an HTTP listener')
    return { port, protocol, defaultActions }
  }
  const sslPolicy = checkSslPolicy(input.SslPolicy ?? base?.sslPolicy ?? DEFAULT_SSL_POLICY)
  const certificate = input.Certificates !== undefined || !base?.certificate ? resolveCertificate(input.Certificates, deps) : base.certificate
  return { port, protocol, certificate, sslPolicy, defaultActions }
}

/** Settings compared for CreateListener's idempotency. */
export const sameSettings = (a: Settings, b: Settings) =>
  a.port === b.port &&
  a.protocol === b.protocol &&
  a.certificate?.arn === b.certificate?.arn &&
  a.sslPolicy === b.sslPolicy &&
  JSON.stringify(a.defaultActions) === JSON.stringify(b.defaultActions)
