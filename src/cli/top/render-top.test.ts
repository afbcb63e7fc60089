import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseExposition } from '../../prometheus/parse-text.js'
import { pct, renderTop } from './render-top.js'
import { topViewOf } from './top-view.js'

const EXPOSITION = `
berth_cluster_info{cluster="prod"} 1
berth_cluster_info{cluster="dev"} 1
berth_cluster_info{cluster="empty"} 1
# TYPE berth_tasks gauge
berth_tasks{cluster="prod",last_status="RUNNING"} 5
berth_tasks{cluster="prod",last_status="PENDING"} 1
berth_tasks{cluster="dev",last_status="RUNNING"} 1
berth_service_desired_tasks{cluster="prod",service="web"} 4
berth_service_running_tasks{cluster="prod",service="web"} 3
berth_service_pending_tasks{cluster="prod",service="web"} 1
berth_service_desired_tasks{cluster="prod",service="api"} 2
berth_service_running_tasks{cluster="prod",service="api"} 2
berth_service_pending_tasks{cluster="prod",service="api"} 0
berth_service_cpu_utilization_ratio{cluster="prod",service="web"} 0.4567
berth_service_memory_utilization_ratio{cluster="prod",service="web"} 0.125
berth_cluster_cpu_utilization_ratio{cluster="prod"} 0.3
berth_container_instance_agent_connected{cluster="prod",instance="i-1"} 1
berth_container_instance_agent_connected{cluster="prod",instance="i-2"} 0
berth_container_instance_running_tasks{cluster="prod",instance="i-1"} 4
berth_container_instance_running_tasks{cluster="prod",instance="i-2"} 1
berth_container_instance_registered_cpu_units{cluster="prod",instance="i-1"} 2048
berth_container_instance_remaining_cpu_units{cluster="prod",instance="i-1"} 1536
berth_container_instance_registered_memory_bytes{cluster="prod",instance="i-1"} 4294967296
berth_container_instance_remaining_memory_bytes{cluster="prod",instance="i-1"} 4026531840
`

describe('berth top, one frame', () => {
  it('is a pure function of the scrape: clusters, instances and services as tables', () => {
    const lines = renderTop(topViewOf(parseExposition(EXPOSITION)), { endpoint: 'http://127.0.0.1:7700', at: new Date('2026-11-30T21:45:02Z') })
    assert.deepEqual(lines, [
      'berth top — http://127.0.0.1:7700 — 21:45:02 UTC',
      '',
      'CLUSTER  SERVICES  INSTANCES  RUNNING  PENDING    CPU  MEMORY',
      'dev             0          0        1        0      -       -',
      'empty           0          0        0        0      -       -',
      'prod            2          2        5        1  30.0%       -',
      '',
      'INSTANCE  CLUSTER  AGENT         TASKS  CPU RESERVED  MEM RESERVED',
      'i-1       prod     connected         4         25.0%          6.3%',
      'i-2       prod     DISCONNECTED      1             -             -',
      '',
      'SERVICE  CLUSTER  DESIRED  RUNNING  PENDING    CPU  MEMORY',
      'api      prod           2        2        0      -       -',
      'web      prod           4        3        1  45.7%   12.5%',
    ])
  })

  it('says why a scrape failed above the last view, and shows empty tables as (none)', () => {
    const lines = renderTop({ clusters: [], instances: [], services: [] }, { endpoint: 'http://x', at: new Date(0), error: 'connection refused' })
    assert.equal(lines[1], '! connection refused')
    assert.deepEqual(lines.filter((l) => l === '(none)').length, 3)
  })

  const pcts: { ratio: number | undefined; want: string; why: string }[] = [
    { ratio: undefined, want: '-', why: 'no recent datapoint is not 0' },
    { ratio: 0, want: '0.0%', why: 'an idle service' },
    { ratio: 1.5, want: '150.0%', why: 'over its reservation, as ECS reports it' },
    { ratio: NaN, want: '-', why: 'NaN from the exposition' },
  ]
  for (const { ratio, want, why } of pcts) it(`pct(${ratio}) is ${want}: ${why}`, () => assert.equal(pct(ratio), want))
})
