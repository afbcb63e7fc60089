import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { lddPaths } from './sdk-image.js'

describe('lddPaths: the files an image needs for a dynamically linked binary', () => {
  const cases: { why: string; output: string; want: string[] | RegExp }[] = [
    {
      why: 'libraries found and the loader; not the vdso',
      output: [
        '\tlinux-vdso.so.1 (0x00007ffd0b9e4000)',
        '\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f3c8a200000)',
        '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f3c8a01e000)',
        '\t/lib64/ld-linux-x86-64.so.2 (0x00007f3c8a62c000)',
        '',
      ].join('\n'),
      want: ['/lib/x86_64-linux-gnu/libstdc++.so.6', '/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2'],
    },
    { why: 'a statically linked binary needs none', output: '\tnot a dynamic executable\n', want: [] },
    { why: 'a library ldd cannot find is an error, not a container that will not start', output: '\tlibnode.so.108 => not found\n', want: /ldd: libnode\.so\.108 => not found/ },
  ]
  for (const c of cases) {
    it(c.why, () => {
      if (c.want instanceof RegExp) assert.throws(() => lddPaths(c.output), c.want)
      else assert.deepEqual(lddPaths(c.output), c.want)
    })
  }
})
