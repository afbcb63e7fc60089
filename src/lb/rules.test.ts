import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ConditionConfig, RuleConfig } from './config.js'
import { compileRules, hostName, matchRule, type RequestFacts } from './rules.js'
import { matchWildcard } from './wildcard.js'

function facts(over: Partial<Omit<RequestFacts, 'headerValues'>> & { headers?: Record<string, string[]> } = {}): RequestFacts {
  const headers = over.headers ?? {}
  return {
    method: over.method ?? 'GET',
    path: over.path ?? '/',
    query: over.query ?? '',
    host: 'host' in over ? over.host : 'app.example.com',
    sourceIp: over.sourceIp ?? '192.0.2.10',
    headerValues: (name) => headers[name] ?? [],
  }
}

/** Which rule (by name) a request reaches through one rule with `conditions`, else `default`. */
function reaches(conditions: ConditionConfig[], f: RequestFacts): string {
  const table = compileRules([{ arn: 'rule', priority: 1, conditions, action: { type: 'fixed-response', statusCode: 200 } }], { type: 'fixed-response', statusCode: 404 }, (a) => a)
  return matchRule(table, f).arn
}

describe('wildcards', () => {
  const rows: { p: string; s: string; want: boolean; why: string }[] = [
    { p: '/img/*', s: '/img/a.png', want: true, why: 'prefix' },
    { p: '/img/*', s: '/img', want: false, why: 'the slash is part of the prefix' },
    { p: '*', s: '', want: true, why: '* matches nothing too' },
    { p: '/a?c', s: '/abc', want: true, why: '? is one character' },
    { p: '/a?c', s: '/ac', want: false, why: '? is exactly one' },
    { p: '*.js', s: '/x/y.js', want: true, why: 'suffix' },
    { p: '/a*b*c', s: '/aXbYbZc', want: true, why: 'two stars, backtracking to the last' },
    { p: '/a*b*c', s: '/aXbYc/', want: false, why: 'anchored at the end' },
    { p: '*a*a*a*a*a*b', s: 'a'.repeat(2000), want: false, why: 'a pattern that makes regexes backtrack stays linear' },
    { p: '/exact', s: '/exact', want: true, why: 'no wildcard: equality' },
  ]
  for (const { p, s, want, why } of rows) it(why, () => assert.equal(matchWildcard(p, s), want))
})

describe('conditions, one rule at a time', () => {
  const rows: { c: ConditionConfig[]; f: RequestFacts; want: 'rule' | 'default'; why: string }[] = [
    { c: [{ field: 'path-pattern', values: ['/api/*'] }], f: facts({ path: '/api/x' }), want: 'rule', why: 'path prefix' },
    { c: [{ field: 'path-pattern', values: ['/api/*'] }], f: facts({ path: '/API/x' }), want: 'default', why: 'paths are case-sensitive' },
    { c: [{ field: 'path-pattern', values: ['/api/*'] }], f: facts({ path: '/other', query: 'p=/api/x' }), want: 'default', why: 'the query is not part of the path' },
    { c: [{ field: 'path-pattern', values: ['/a', '/b'] }], f: facts({ path: '/b' }), want: 'rule', why: 'values of one condition: any' },
    { c: [{ field: 'host-header', values: ['*.example.com'] }], f: facts({ host: 'API.Example.COM' }), want: 'rule', why: 'hosts are case-insensitive' },
    { c: [{ field: 'host-header', values: ['*.example.com'] }], f: facts({ host: 'example.com' }), want: 'default', why: '*.example.com does not match example.com (ALB guide)' },
    { c: [{ field: 'host-header', values: ['app.example.com'] }], f: facts({ host: 'app.example.com:8080' }), want: 'rule', why: 'the port is not part of the host name' },
    { c: [{ field: 'host-header', values: ['app.example.com'] }], f: facts({ host: undefined }), want: 'default', why: 'no Host header' },
    { c: [{ field: 'http-header', headerName: 'User-Agent', values: ['*chrome*'] }], f: facts({ headers: { 'user-agent': ['Mozilla Chrome/1'] } }), want: 'rule', why: 'header name and value case-insensitive' },
    { c: [{ field: 'http-header', headerName: 'X-Env', values: ['blue'] }], f: facts({ headers: { 'x-env': ['green', 'blue'] } }), want: 'rule', why: 'any occurrence of the header' },
    { c: [{ field: 'http-header', headerName: 'X-Env', values: ['blue'] }], f: facts(), want: 'default', why: 'header absent' },
    { c: [{ field: 'http-request-method', values: ['POST', 'PUT'] }], f: facts({ method: 'PUT' }), want: 'rule', why: 'method in the list' },
    { c: [{ field: 'http-request-method', values: ['POST'] }], f: facts({ method: 'post' }), want: 'default', why: 'methods are case-sensitive' },
    { c: [{ field: 'http-request-method', values: ['CUSTOM-METHOD'] }], f: facts({ method: 'CUSTOM-METHOD' }), want: 'rule', why: 'custom methods' },
    { c: [{ field: 'query-string', values: [{ key: 'version', value: 'v1' }] }], f: facts({ query: 'a=1&Version=V1' }), want: 'rule', why: 'key=value, case-insensitive' },
    { c: [{ field: 'query-string', values: [{ value: 'example' }] }], f: facts({ query: 'anything=example' }), want: 'rule', why: 'no key: any key' },
    { c: [{ field: 'query-string', values: [{ key: 'v', value: 'b*' }] }], f: facts({ query: 'v=blue' }), want: 'rule', why: 'wildcards in values' },
    { c: [{ field: 'query-string', values: [{ key: 'q', value: 'a b' }] }], f: facts({ query: 'q=a%20b' }), want: 'rule', why: 'compared URL-decoded' },
    { c: [{ field: 'query-string', values: [{ key: 'q', value: 'x' }] }], f: facts({ query: '' }), want: 'default', why: 'no query' },
    { c: [{ field: 'query-string', values: [{ key: 'q', value: 'x' }] }], f: facts({ query: 'q=%E0%A4%A' }), want: 'default', why: 'a malformed escape does not throw' },
    { c: [{ field: 'source-ip', values: ['192.0.2.0/24'] }], f: facts({ sourceIp: '192.0.2.200' }), want: 'rule', why: 'in the block' },
    { c: [{ field: 'source-ip', values: ['192.0.2.0/24'] }], f: facts({ sourceIp: '::ffff:192.0.2.1' }), want: 'rule', why: 'IPv4 seen through a dual-stack socket' },
    { c: [{ field: 'source-ip', values: ['2001:db8::/32'] }], f: facts({ sourceIp: '2001:db8::5' }), want: 'rule', why: 'IPv6' },
    { c: [{ field: 'source-ip', values: ['198.51.100.10/32'] }], f: facts({ sourceIp: '198.51.100.11' }), want: 'default', why: 'outside the block' },
    { c: [{ field: 'path-pattern', values: ['/api/*'] }, { field: 'http-request-method', values: ['GET'] }], f: facts({ path: '/api/x', method: 'POST' }), want: 'default', why: 'conditions AND' },
  ]
  for (const { c, f, want, why } of rows) it(why, () => assert.equal(reaches(c, f), want))
})

describe('rule order', () => {
  const rule = (arn: string, priority: number, path: string): RuleConfig => ({ arn, priority, conditions: [{ field: 'path-pattern', values: [path] }], action: { type: 'fixed-response', statusCode: 200 } })
  // Given out of order on purpose: the data plane sorts by priority.
  const table = compileRules([rule('wide', 20, '/api/*'), rule('narrow', 10, '/api/v2/*'), rule('other', 5, '/static/*')], { type: 'fixed-response', statusCode: 404 }, (a) => a)
  const rows = [
    { path: '/api/v2/x', want: 'narrow', why: 'the lowest matching priority wins' },
    { path: '/api/v1/x', want: 'wide', why: 'next rule down' },
    { path: '/nothing', want: 'default', why: 'the default rule last' },
  ]
  for (const { path, want, why } of rows) it(why, () => assert.equal(matchRule(table, facts({ path })).arn, want))
})

describe('hostName', () => {
  const rows = [
    { host: 'Example.com:80', want: 'example.com' },
    { host: 'example.com', want: 'example.com' },
    { host: '[::1]:8080', want: '[::1]' },
    { host: '[::1]', want: '[::1]' },
  ]
  for (const { host, want } of rows) it(host, () => assert.equal(hostName(host), want))
})
