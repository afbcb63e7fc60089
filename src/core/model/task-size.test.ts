import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isFargateSize, parseTaskCpu, parseTaskMemory } from './task-size.js'

describe('task cpu and memory strings', () => {
  const rows: { input: string; cpu?: number; memory?: number; why: string }[] = [
    { input: '256', cpu: 256, memory: 256, why: 'plain units / MiB' },
    { input: '1 vCPU', cpu: 1024, why: '1 vCPU = 1024 units' },
    { input: '0.25 vcpu', cpu: 256, why: 'case and fractions' },
    { input: '2vCPU', cpu: 2048, why: 'the space is optional' },
    { input: '1 GB', memory: 1024, why: '1 GB = 1024 MiB' },
    { input: '0.5GB', memory: 512, why: 'GB fractions, no space' },
    { input: '127', memory: 127, why: 'below the EC2 cpu floor of 128 units, fine as memory' },
    { input: '0.3 vCPU', why: '307.2 units is not a whole number of units' },
    { input: '1 TB', why: 'no other units' },
    { input: '', why: 'empty' },
    { input: '-256', why: 'no signs' },
    { input: '0', why: 'zero of either' },
    { input: '200000', memory: 200000, why: 'above the 192-vCPU ceiling, fine as memory' },
  ]
  for (const r of rows) {
    it(`${JSON.stringify(r.input)}: ${r.why}`, () => {
      assert.equal(parseTaskCpu(r.input), r.cpu)
      assert.equal(parseTaskMemory(r.input), r.memory)
    })
  }
})

describe('Fargate cpu/memory pairs', () => {
  const rows: [cpu: number, memory: number, ok: boolean][] = [
    [256, 512, true],
    [256, 2048, true],
    [256, 3072, false], // 0.25 vCPU stops at 2 GB
    [512, 1024, true],
    [512, 512, false], // 0.5 vCPU starts at 1 GB
    [1024, 8192, true],
    [2048, 16384, true],
    [2048, 4608, false], // 1 GB steps only
    [4096, 30720, true],
    [8192, 20480, true], // 4 GB steps from 16 GB
    [8192, 17408, false],
    [16384, 122880, true],
    [300, 1024, false], // not a Fargate cpu size
  ]
  for (const [cpu, memory, ok] of rows) it(`${cpu} CPU, ${memory} MiB → ${ok}`, () => assert.equal(isFargateSize(cpu, memory), ok))
})
