/**
 * Errors a runtime throws. The code names follow the ECS agent's container error names where
 * one exists (they end up in a container's `reason`), and every error says whether trying
 * again can help (`retryable`) and whether the task it belongs to cannot go on (`terminal`),
 * as the ECS agent's `Retriable` and `DependencyError.IsTerminal` do.
 *
 * Match on `code` (and on `ImagePullError.kind`), never on message text.
 */
export type RuntimeErrorCode =
  | 'EngineUnreachable'
  | 'CannotPullContainerError'
  | 'CannotCreateContainerError'
  | 'CannotStartContainerError'
  | 'CannotStopContainerError'
  | 'CannotRemoveContainerError'
  | 'CannotInspectContainerError'
  | 'CannotListContainersError'
  | 'CannotCreateVolumeError'
  | 'CannotRemoveVolumeError'
  | 'CannotImportImageError'
  | 'ContainerNotFound'
  | 'RuntimeTimeout'

export class RuntimeError extends Error {
  readonly retryable: boolean
  readonly terminal: boolean
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    flags: { retryable: boolean; terminal: boolean },
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = code
    this.retryable = flags.retryable
    this.terminal = flags.terminal
  }
}

export const isRuntimeError = (e: unknown): e is RuntimeError => e instanceof RuntimeError

/**
 * Why a pull failed, as far as the engine's answer tells:
 * - `not-found`: no such repository, tag or manifest (terminal: the task definition is wrong)
 * - `unauthorized`: the registry refused the credentials or wants some (terminal)
 * - `invalid-reference`: the name does not parse (terminal)
 * - `unreachable`: the registry could not be reached or timed out (retryable)
 * - `rate-limited`: the registry said too many requests (retryable)
 * - `unknown`: anything else (retryable, not terminal: the agent's retry budget decides)
 */
export type PullFailureKind = 'not-found' | 'unauthorized' | 'invalid-reference' | 'unreachable' | 'rate-limited' | 'unknown'

const TERMINAL_PULL_FAILURES: ReadonlySet<PullFailureKind> = new Set(['not-found', 'unauthorized', 'invalid-reference'])

/** The agent reports this as the container's `CannotPullContainerError` reason. */
export class ImagePullError extends RuntimeError {
  constructor(
    readonly image: string,
    readonly kind: PullFailureKind,
    detail: string,
    options?: { cause?: unknown },
  ) {
    const terminal = TERMINAL_PULL_FAILURES.has(kind)
    super('CannotPullContainerError', `pull ${image}: ${detail}`, { retryable: !terminal, terminal }, options)
  }
}

export const isImagePullError = (e: unknown): e is ImagePullError => e instanceof ImagePullError

/** The one registry of runtime errors other than pull failures. */
export const RuntimeErrors = {
  engineUnreachable: (where: string, detail: string, cause?: unknown) =>
    new RuntimeError(
      'EngineUnreachable',
      `Docker Engine not reachable at ${where} (${detail}); run scripts/setup-host.sh, or point DOCKER_HOST at a running engine`,
      { retryable: true, terminal: false },
      { cause },
    ),
  notFound: (id: string) =>
    new RuntimeError('ContainerNotFound', `no such container: ${id}`, { retryable: false, terminal: true }),
  /** The engine refused the request; `terminal` when asking again cannot help (a bad spec, a taken port). */
  refused: (code: RuntimeErrorCode, detail: string, terminal: boolean) =>
    new RuntimeError(code, detail, { retryable: !terminal, terminal }),
  timeout: (what: string, ms: number) =>
    new RuntimeError('RuntimeTimeout', `${what} did not finish within ${ms} ms`, { retryable: true, terminal: false }),
} as const
