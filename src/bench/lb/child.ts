import { fork, type ChildProcess } from 'node:child_process'

/**
 * A forked Node process speaking JSON messages over IPC: `ask` sends one and waits for the
 * reply of a given type. The load-balancer scenarios put the backend and the proxy each in
 * a process of its own, so neither shares an event loop with the load generator.
 */
export interface Child {
  readonly pid: number
  /** The `ready` message the child sent when it started. */
  readyMessage<T>(): T
  next<T>(type: string): Promise<T>
  ask<T>(message: object, replyType: string): Promise<T>
  stop(): Promise<void>
}

export async function forkChild(script: URL, args: string[], nodeArgs: string[] = []): Promise<Child> {
  const child: ChildProcess = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: nodeArgs })
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { type?: string }) => {
        if (m.type !== type) return
        child.off('message', onMessage)
        child.off('exit', onExit)
        resolve(m as T)
      }
      const onExit = (code: number | null) => reject(new Error(`${script.pathname} exited (${code})`))
      child.on('message', onMessage)
      child.once('exit', onExit)
    })
  const ready = await next<unknown>('ready')
  return {
    pid: child.pid!,
    readyMessage: <T>() => ready as T,
    next,
    ask(message, replyType) {
      const reply = next<never>(replyType)
      child.send(message)
      return reply
    },
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.send({ type: 'stop' })
      await exited
    },
  }
}

/** In a child: the IPC channel, or a clear error when started without one. */
export function parentChannel(): (message: object) => void {
  if (!process.send) throw new Error('start this file with fork() and an IPC channel')
  const send = process.send.bind(process)
  return (message) => void send(message)
}
