import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import type { TaskSources } from '../core/model/task-sources.js'

/**
 * The operator's task sources file (`--task-sources FILE`, BERTH_TASK_SOURCES), read once at
 * start: what Parameter Store, Secrets Manager and S3 would answer a task's execution role.
 *
 *   {
 *     "parameters": { "/prod/db/password": "s3cret" },
 *     "secrets": { "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-AbCdEf": "{\"username\":\"u\",\"password\":\"p\"}" },
 *     "s3Objects": { "arn:aws:s3:::my-bucket/app.env": "app.env" }
 *   }
 *
 * An S3 object is a local file (relative paths from the sources file's folder), read now: a
 * missing one stops the server from starting rather than failing tasks later.
 */
export class TaskSourcesError extends Error {}

export function loadTaskSources(path: string): TaskSources {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new TaskSourcesError(`task sources file ${path}: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TaskSourcesError(`task sources file ${path}: not a JSON object`)
  const o = parsed as Record<string, unknown>
  const unknown = Object.keys(o).filter((k) => !['parameters', 'secrets', 's3Objects'].includes(k))
  if (unknown.length) throw new TaskSourcesError(`task sources file ${path}: unknown member(s) ${unknown.join(', ')} (expected parameters, secrets, s3Objects)`)
  const strings = (key: string): Map<string, string> => {
    const v = o[key] ?? {}
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) {
      throw new TaskSourcesError(`task sources file ${path}: ${key} must be an object of strings`)
    }
    return new Map(Object.entries(v as Record<string, string>))
  }
  const files = strings('s3Objects')
  const s3Objects = new Map<string, string>()
  for (const [arn, file] of files) {
    if (!/^arn:aws[a-z-]*:s3:::[^/]+\/.+/.test(arn)) throw new TaskSourcesError(`task sources file ${path}: ${arn} is not an S3 object ARN (arn:aws:s3:::bucket/key)`)
    const at = isAbsolute(file) ? file : resolve(dirname(path), file)
    try {
      s3Objects.set(arn, readFileSync(at, 'utf8'))
    } catch (e) {
      throw new TaskSourcesError(`task sources file ${path}: ${arn} → ${at}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  return { parameters: strings('parameters'), secrets: strings('secrets'), s3Objects }
}
