import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePortOn } from '../../testing/ports.js'

/**
 * Debian's nginx as the reference proxy, configured like Berth's listener: one worker (Berth
 * proxies on one event loop), keep-alive to the client and a keep-alive upstream pool, the
 * same X-Forwarded-* headers, no access log. Runs in the foreground from a temp prefix.
 */
export interface Nginx {
  port: number
  /** The master's process id (its workers are its children). */
  pid: number
  version: string
  stop(): Promise<void>
}

export function nginxBinary(): string | undefined {
  for (const bin of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    const r = spawnSync(bin, ['-v'], { encoding: 'utf8' })
    if (r.status === 0) return bin
  }
  return undefined
}

export async function startNginx(bin: string, backendPort: number): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-nginx-'))
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub))
  const port = await freePortOn(['127.0.0.1'])
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 128; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Port $server_port;
    }
  }
}
`,
  )
  const child: ChildProcess = spawn(bin, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'inherit'] })
  await waitForPort(port, child)
  const version = spawnSync(bin, ['-v'], { encoding: 'utf8' }).stderr.trim()
  return {
    port,
    pid: child.pid!,
    version,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGQUIT')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Resolves once something accepts on `port`; each failed try waits for the next connect attempt only. */
async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`)
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1')
      s.once('connect', () => (s.destroy(), resolve(true)))
      s.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('nginx did not start listening')
}
