const USAGE = `usage: berth <command> [options]

commands:
  up       everything on one machine: the control plane with its store, and local agents
  server   the control plane alone
  agent    this host as a container instance of a cluster
  top      clusters, instances and services with live CPU, memory and task counts

Run 'berth <command> --help' for a command's options.`

// Loaded on demand: `berth agent` runs on every host and needs none of the control plane
// (its SQLite store, the API models, the scheduler), which costs it 4–6 MB of RSS to load.
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  up: async (argv) => (await import('./commands/up.js')).runUp(argv),
  server: async (argv) => (await import('./commands/server.js')).runServer(argv),
  agent: async (argv) => (await import('./commands/agent.js')).runAgent(argv),
  top: async (argv) => (await import('./commands/top.js')).runTop(argv),
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
