import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RedirectActionConfig } from './config.js'
import { redirectLocation } from './responses.js'
import { readCookie, readStickyCookie } from './stickiness.js'

describe('redirect Location', () => {
  const src = { protocol: 'http', host: 'app.example.com', port: 8080, path: '/a/b', query: 'x=1' }
  const rows: { a: Omit<RedirectActionConfig, 'type' | 'statusCode'>; want: string; why: string }[] = [
    { a: { protocol: 'HTTPS', port: '443' }, want: 'https://app.example.com:443/a/b?x=1', why: 'HTTP to HTTPS keeping host, path and query; the port is written' },
    { a: {}, want: 'http://app.example.com:8080/a/b?x=1', why: 'everything left out keeps the request' },
    { a: { path: '/new/#{path}' }, want: 'http://app.example.com:8080/new/a/b?x=1', why: '#{path} is the path without its leading slash' },
    { a: { host: 'www.#{host}', query: '#{query}&from=#{port}' }, want: 'http://www.app.example.com:8080/a/b?x=1&from=8080', why: 'placeholders in host and query' },
    { a: { query: '' }, want: 'http://app.example.com:8080/a/b', why: 'an empty query drops the ?' },
  ]
  for (const { a, want, why } of rows) it(why, () => assert.equal(redirectLocation({ type: 'redirect', statusCode: 'HTTP_301', ...a }, src), want))
})

describe('stickiness cookies', () => {
  const rows = [
    { header: 'AWSALB=abc', name: 'AWSALB', want: 'abc' },
    { header: 'a=1; AWSALB=abc; b=2', name: 'AWSALB', want: 'abc' },
    { header: 'AWSALBCORS=xyz', name: 'AWSALB', want: undefined },
    { header: 'XAWSALB=no; AWSALB=yes', name: 'AWSALB', want: 'yes' },
  ]
  for (const { header, name, want } of rows) it(`${name} in ${header}`, () => assert.equal(readCookie(header, name), want))
  it('falls back to the CORS twin', () => assert.equal(readStickyCookie('AWSALBCORS=xyz', 'AWSALB', 'AWSALBCORS'), 'xyz'))
})
