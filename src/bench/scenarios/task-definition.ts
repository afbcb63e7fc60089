/** A task definition of the size a small web service registers: one container, ports, env, logs. */
export function benchTaskDefinition(family: string) {
  return {
    family,
    networkMode: 'bridge',
    containerDefinitions: [
      {
        name: 'web',
        image: 'berth/hello:latest',
        cpu: 128,
        memory: 256,
        essential: true,
        portMappings: [{ containerPort: 5000, hostPort: 0, protocol: 'tcp' }],
        environment: [
          { name: 'PROVIDER', value: 'Berth' },
          { name: 'PORT', value: '5000' },
        ],
        healthCheck: { command: ['CMD', '/bin/wget', '-q', '-O-', 'http://127.0.0.1:5000/health'], interval: 10, retries: 3 },
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/berth/bench', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } },
      },
    ],
  }
}
