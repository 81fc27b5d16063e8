// The README's lists of the Temporal methods Rewind serves and does not are the server's: every method of Temporal's
// WorkflowService and OperatorService is built (and in the served list), or answers UNIMPLEMENTED naming itself, what it
// is for and what to do instead (and is in the "Not built" list, in the item of the not-built.ts group that says so).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Root } from 'protobufjs';
import { temporal } from '@temporalio/proto';
import { createMethods } from '../../src/grpc/methods';
import { TEST_SERVICE, testServiceMethods } from '../../src/grpc/methods/test-service-methods';
import { NOT_BUILT } from '../../src/grpc/not-built';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { RawGrpc } from '../helpers/grpc-raw';

const README = path.resolve(__dirname, '../../../README.md');
const SERVICES = ['temporal.api.workflowservice.v1.WorkflowService', 'temporal.api.operatorservice.v1.OperatorService'];

/** The items of the README's list that follows `heading` (up to the blank line after it), each on one line. */
function readmeList(heading: string): string[] {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf(heading);
  assert.ok(start >= 0, `the README has the list "${heading}"`);
  const first = text.indexOf('\n- ', start);
  return text
    .slice(first, text.indexOf('\n\n', first))
    .split('\n- ')
    .slice(1)
    .map((item) => item.replace(/\s+/g, ' ').trim());
}

/** The names of `methods` that the text gives in backticks. */
function namedIn(text: string, methods: readonly string[]): string[] {
  return [...new Set([...text.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1]!))].filter((n) => methods.includes(n));
}

const readmeServed = (methods: readonly string[]): string[] => namedIn(readmeList('What it serves, method by method').join('\n'), methods);
const sorted = (names: Iterable<string>): string[] => [...names].sort();

describe("the gRPC frontend's method list", function () {
  this.timeout(30_000);
  let server: RewindServer;
  let built: Set<string>;
  before(async function () {
    server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger });
    built = new Set(Object.keys(createMethods(server.service)));
  });
  after(async function () {
    await server?.close();
  });

  it("is the README's: each WorkflowService and OperatorService method is built and listed as served, or listed as not built", function () {
    const methods = SERVICES.flatMap((service) =>
      (temporal as unknown as Root).lookupService(service).methodsArray.map((m) => ({ service, name: m.name })),
    );
    const all = methods.map((m) => m.name);
    for (const name of built) assert.ok(all.includes(name), `${name} is a WorkflowService or OperatorService method`);
    const served = readmeServed(all);
    assert.deepEqual(sorted(served), sorted(built), "the README's list of what it serves names exactly the methods built");
    const notBuilt = namedIn(readmeList('Not built, by what they are for').join('\n'), all);
    for (const service of SERVICES) {
      const own = methods.filter((m) => m.service === service).map((m) => m.name);
      const short = service.split('.').at(-1)!;
      const neither = own.filter((n) => !served.includes(n) && !notBuilt.includes(n));
      const both = own.filter((n) => served.includes(n) && notBuilt.includes(n));
      assert.deepEqual(neither, [], `${short} methods in neither of the README's lists (put them in "Not built" and in not-built.ts)`);
      assert.deepEqual(both, [], `${short} methods in both of the README's lists`);
      assert.deepEqual(
        sorted(notBuilt.filter((n) => own.includes(n))),
        sorted(own.filter((n) => !built.has(n))),
        `the README's "Not built" list is ${short}'s methods less the built ones`,
      );
    }
  });

  it('answers UNIMPLEMENTED for each method not built: its name, what it is for and what to do instead, as the README says', async function () {
    const raw = new RawGrpc(server.address);
    try {
      const methods = SERVICES.flatMap((service) =>
        (temporal as unknown as Root).lookupService(service).methodsArray.map((m) => ({ service, name: m.name })),
      );
      const all = methods.map((m) => m.name);
      const notBuilt = methods.filter((m) => !built.has(m.name)).map((m) => m.name);
      // not-built.ts, whose groups the answers give, has the README's items: the same methods, and what to do instead.
      const grouped = NOT_BUILT.flatMap((g) => g.methods);
      assert.equal(new Set(grouped).size, grouped.length, 'no method is in two groups of not-built.ts');
      assert.deepEqual(sorted(grouped), sorted(notBuilt), 'not-built.ts groups exactly the methods not built');
      const items = readmeList('Not built, by what they are for');
      assert.equal(items.length, NOT_BUILT.length, "one item of the README's list per group");
      for (const group of NOT_BUILT) {
        const item = items.find((i) => i.toLowerCase().startsWith(`**${group.what.toLowerCase()}**`));
        assert.ok(item, `the README's "Not built" list has an item "**${group.what}**"`);
        assert.deepEqual(sorted(namedIn(item, all)), sorted(group.methods), `the README's item on ${group.what} names its methods`);
        assert.ok(item.includes(group.instead), `the README's item on ${group.what} says what to do instead: ${group.instead}`);
      }
      for (const { service, name } of methods.filter((m) => !built.has(m.name))) {
        const group = NOT_BUILT.find((g) => g.methods.includes(name))!;
        const answer = await raw.call(name, new Uint8Array(), 5_000, service);
        assert.ok(!answer.ok && answer.code === grpc.status.UNIMPLEMENTED, `${name} answers UNIMPLEMENTED`);
        assert.ok(
          answer.details.startsWith(`${name} is not served by Rewind (${group.what}). ${group.instead} The README's section`),
          `${name}: ${answer.details}`,
        );
      }
    } finally {
      raw.close();
    }
  });

  it("is the README's for Temporal's TestService: each method listed, served with time skipping, and refused without it saying how to get it", async function () {
    const names = (temporal as unknown as Root).lookupService(TEST_SERVICE).methodsArray.map((m) => m.name);
    assert.deepEqual(sorted(readmeServed(names)), sorted(names), "the README's list names every TestService method");
    assert.deepEqual(sorted(Object.keys(testServiceMethods(undefined))), sorted(names), 'each is built');
    const plain = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger });
    const skipping = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger, timeSkipping: 'locked' });
    const rawPlain = new RawGrpc(plain.address);
    const rawSkipping = new RawGrpc(skipping.address);
    try {
      for (const name of names) {
        const refused = await rawPlain.call(name, new Uint8Array(), 5_000, TEST_SERVICE);
        assert.ok(!refused.ok && refused.code === grpc.status.UNIMPLEMENTED, `${name} answers UNIMPLEMENTED without time skipping`);
        assert.match(refused.details, new RegExp(`^${name}: this Rewind server was started without time skipping.*rewindTemporalServer`));
      }
      const time = await rawSkipping.call('GetCurrentTime', new Uint8Array(), 5_000, TEST_SERVICE);
      assert.ok(time.ok, 'GetCurrentTime answers on a time-skipping server');
      const { time: at } = temporal.api.testservice.v1.GetCurrentTimeResponse.decode(time.bytes);
      assert.ok(Math.abs(Number(at?.seconds) * 1000 - Date.now()) < 60_000, 'it is the server clock (not skipped yet)');
    } finally {
      rawPlain.close();
      rawSkipping.close();
      await plain.close();
      await skipping.close();
    }
  });
});
