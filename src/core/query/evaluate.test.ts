import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { evaluateQuery, type QueryTarget } from './evaluate.js'
import { parseQuery } from './parse.js'

/** A t2.small in us-east-1a with a custom attribute, registered 2018-02-13 12:00 UTC. */
const base: QueryTarget = {
  ec2InstanceId: 'i-0123456789abcdef0',
  agentConnected: true,
  agentVersion: '1.14.5',
  registeredAt: Date.UTC(2018, 1, 13, 12, 0, 0),
  runningTasksCount: 1,
  taskGroups: ['service:production'],
  attributes: [
    { name: 'ecs.instance-type', value: 't2.small' },
    { name: 'ecs.availability-zone', value: 'us-east-1a' },
    { name: 'ecs.os-type', value: 'linux' },
    { name: 'ecs.capability.task-eni' },
    { name: 'stack', value: 'prod' },
    { name: 'weight', value: '10' },
  ],
}
const bare: QueryTarget = { ...base, ec2InstanceId: undefined, agentVersion: undefined, runningTasksCount: 0, taskGroups: [], attributes: [] }
const disconnected: QueryTarget = { ...base, agentConnected: false }
const twoGroups: QueryTarget = { ...base, runningTasksCount: 2, taskGroups: ['service:web', 'database'] }

const rows: { expr: string; target: QueryTarget; want: boolean; why: string }[] = [
  // attributes and the guide's own examples
  { expr: 'attribute:ecs.instance-type == t2.small', target: base, want: true, why: 'string equality on a built-in attribute' },
  { expr: 'attribute:ecs.instance-type equals t2.small', target: base, want: true, why: 'word form of ==' },
  { expr: 'attribute:ecs.instance-type == t2.medium', target: base, want: false, why: 'different value' },
  { expr: 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]', target: base, want: true, why: 'value in the list' },
  { expr: 'attribute:ecs.availability-zone !in [us-east-1a, us-east-1b]', target: base, want: false, why: 'value in the list, negated' },
  { expr: 'attribute:ecs.availability-zone not_in [us-east-1c]', target: base, want: true, why: 'word form of !in' },
  { expr: 'attribute:ecs.instance-type =~ t2.*', target: base, want: true, why: 'regular expression over the whole value' },
  { expr: 'attribute:ecs.instance-type =~ t2', target: base, want: false, why: 'a pattern must match the whole value, not a part' },
  { expr: 'attribute:ecs.instance-type =~ (t2|m5)\\..*', target: base, want: true, why: 'a pattern may hold its own parentheses' },
  { expr: 'attribute:ecs.instance-type !~ g2.*', target: base, want: true, why: 'pattern mismatch' },
  { expr: 'attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d', target: base, want: false, why: 'guide example: G2 not in 1d' },
  { expr: 'attribute:stack == prod', target: base, want: true, why: 'custom attribute' },
  { expr: 'attribute:stack != prod', target: base, want: false, why: 'has stack, value is prod' },
  { expr: 'attribute:stack != prod', target: bare, want: false, why: 'guide: != selects instances that have the attribute' },
  { expr: 'not(attribute:stack == prod)', target: bare, want: true, why: 'not(...) includes instances without the attribute' },
  { expr: 'attribute:stack exists', target: base, want: true, why: 'attribute present' },
  { expr: 'attribute:stack !exists', target: bare, want: true, why: 'attribute absent' },
  { expr: 'attribute:stack not_exists', target: base, want: false, why: 'word form of !exists' },
  { expr: 'attribute:ecs.capability.task-eni exists', target: base, want: true, why: 'a name-only attribute exists' },
  { expr: "attribute:ecs.capability.task-eni == ''", target: base, want: true, why: 'a name-only attribute compares as empty' },
  { expr: 'attribute:weight > 9', target: base, want: true, why: 'numeric order when both sides are numbers (10 > 9)' },
  { expr: 'attribute:ecs.os-type < m', target: base, want: true, why: 'string order otherwise (linux < m)' },
  { expr: 'attribute:weight > 9', target: bare, want: false, why: 'a missing attribute orders against nothing' },
  { expr: "attribute:ecs.instance-type == 't2.small'", target: base, want: true, why: 'single-quoted value' },
  { expr: 'attribute:ecs.instance-type=="t2.small"', target: base, want: true, why: 'double quotes, no spaces' },
  // fields
  { expr: 'ec2InstanceId in [\'i-0123456789abcdef0\', \'i-wxyx7890\']', target: base, want: true, why: 'guide example with quoted list items' },
  { expr: 'ec2InstanceId =~ i-0123.*', target: base, want: true, why: 'pattern on the instance id' },
  { expr: 'ec2InstanceId == i-0123456789abcdef0', target: bare, want: false, why: 'no instance id, no match' },
  { expr: 'agentConnected == true', target: base, want: true, why: 'connected agent' },
  { expr: 'agentConnected == false', target: disconnected, want: true, why: 'disconnected agent' },
  { expr: 'agentConnected != true', target: base, want: false, why: 'connected, so not != true' },
  { expr: 'agentVersion < 1.14.5', target: base, want: false, why: 'guide example: equal is not below' },
  { expr: 'agentVersion < 1.15', target: base, want: true, why: 'versions compare by number: 14 < 15' },
  { expr: 'agentVersion >= 1.9.0', target: base, want: true, why: '1.14.5 >= 1.9.0, not by string order' },
  { expr: 'agentVersion == 1.14.5', target: bare, want: false, why: 'no version reported' },
  { expr: 'registeredAt < 2018-02-14', target: base, want: true, why: 'registered before the 14th' },
  { expr: 'registeredAt < 2018-02-13', target: base, want: false, why: 'guide example: registered on the 13th, not before' },
  { expr: 'registeredAt == 2018-02-13', target: base, want: true, why: 'a date-only argument compares whole days' },
  { expr: 'registeredAt > 2018-02-13', target: base, want: false, why: 'after the 13th means from the 14th' },
  { expr: 'registeredAt > 2018-02-13T11:59:59Z', target: base, want: true, why: 'a date-time compares instants' },
  { expr: 'registeredAt <= 2018-02-13T13:00:00+01:00', target: base, want: true, why: 'zone offsets count (12:00Z)' },
  { expr: 'registeredAt > 2018-02-13T12:00:00', target: base, want: false, why: 'no zone means UTC; equal is not after' },
  { expr: 'runningTasksCount == 1', target: base, want: true, why: 'guide example' },
  { expr: 'runningTasksCount > 0', target: bare, want: false, why: 'empty instance' },
  { expr: 'runningTasksCount <= 01', target: base, want: true, why: 'integers compare as numbers' },
  { expr: 'task:group == service:production', target: base, want: true, why: 'guide example: task affinity' },
  { expr: 'not(task:group == database)', target: base, want: true, why: 'guide example: anti-affinity, no database task' },
  { expr: 'not(task:group == database)', target: twoGroups, want: false, why: 'anti-affinity: has a database task' },
  { expr: 'task:group == database', target: bare, want: false, why: 'no tasks, no group' },
  { expr: 'task:group exists', target: bare, want: false, why: 'no tasks' },
  { expr: 'task:group in [database, cache]', target: twoGroups, want: true, why: 'some task is in the list' },
  // compound expressions
  { expr: 'attribute:stack == prod and runningTasksCount == 1', target: base, want: true, why: 'both hold' },
  { expr: 'attribute:stack == prod && runningTasksCount == 2', target: base, want: false, why: 'one fails' },
  { expr: 'attribute:stack == dev or runningTasksCount == 1', target: base, want: true, why: 'one holds' },
  { expr: 'attribute:stack == dev || runningTasksCount == 2', target: base, want: false, why: 'neither holds' },
  { expr: 'attribute:stack == dev or attribute:stack == prod and runningTasksCount == 2', target: base, want: false, why: 'and binds tighter than or' },
  { expr: '(attribute:stack == dev or attribute:stack == prod) and runningTasksCount == 1', target: base, want: true, why: 'parentheses override' },
  { expr: '!attribute:stack exists', target: base, want: false, why: '! negates the condition after it' },
  { expr: 'not not attribute:stack exists', target: base, want: true, why: 'double negation' },
  { expr: '  ( ( attribute:stack==prod ) )  ', target: base, want: true, why: 'spaces and nested parentheses' },
]

describe('evaluateQuery', () => {
  for (const { expr, target, want, why } of rows) {
    it(`${expr} → ${want} (${why})`, () => assert.equal(evaluateQuery(parseQuery(expr), target), want))
  }
})
