import { runAgent } from './commands/agent.js'
import { runServer } from './commands/server.js'
import { runUp } from './commands/up.js'

const USAGE = `usage: berth <command> [options]

commands:
  up       everything on one machine: the control plane with its store, and local agents
  server   the control plane alone
  agent    this host as a container instance of a cluster

Run 'berth <command> --help' for a command's options.`

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  up: runUp,
  server: runServer,
  agent: runAgent,
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE)
    return name === undefined ? 2 : 0
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) {
    console.error(`berth: unknown command '${name}'\n\n${USAGE}`)
    return 2
  }
  return command(rest)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`berth: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  },
)
