// The README's list of the Temporal methods Rewind serves is the server's: every method of Temporal's
// WorkflowService and OperatorService is either built (and listed) or answers UNIMPLEMENTED naming itself (and is not).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Root } from 'protobufjs';
import { temporal } from '@temporalio/proto';
import { createMethods } from '../../src/grpc/methods';
import { TEST_SERVICE, testServiceMethods } from '../../src/grpc/methods/test-service-methods';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { RawGrpc } from '../helpers/grpc-raw';

const README = path.resolve(__dirname, '../../../README.md');

/** The method names (of `methods`) the README's "What it serves" list gives, in backticks. */
function readmeServed(methods: readonly string[]): string[] {
  const text = fs.readFileSync(README, 'utf8');
  const start = text.indexOf('What it serves, method by method');
  assert.ok(start >= 0, 'the README has the list');
  const list = text.slice(start, text.indexOf('\n\n', text.indexOf('\n- ', start)));
  return [...new Set([...list.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1]!))].filter((n) => methods.includes(n));
}

describe("the gRPC frontend's method list", function () {
  this.timeout(30_000);

  it("is the README's: each WorkflowService and OperatorService method is built and listed, or answers UNIMPLEMENTED with its name", async function () {
    const server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger });
    const raw = new RawGrpc(server.address);
    try {
      const built = new Set(Object.keys(createMethods(server.service)));
      const services = ['temporal.api.workflowservice.v1.WorkflowService', 'temporal.api.operatorservice.v1.OperatorService'];
      const methods = services.flatMap((service) =>
        (temporal as unknown as Root).lookupService(service).methodsArray.map((m) => ({ service, name: m.name })),
      );
      const all = methods.map((m) => m.name);
      for (const name of built) assert.ok(all.includes(name), `${name} is a WorkflowService or OperatorService method`);
      assert.deepEqual(readmeServed(all).sort(), [...built].sort(), "the README's list names exactly the methods built");
      for (const { service, name } of methods.filter((m) => !built.has(m.name))) {
        const answer = await raw.call(name, new Uint8Array(), 5_000, service);
        assert.ok(!answer.ok && answer.code === grpc.status.UNIMPLEMENTED, `${name} answers UNIMPLEMENTED`);
        assert.ok(answer.details.startsWith(`${name} is not served by Rewind yet`), `${name}: ${answer.details}`);
      }
    } finally {
      raw.close();
      await server.close();
    }
  });

  it("is the README's for Temporal's TestService: each method listed, served with time skipping, and refused without it saying how to get it", async function () {
    const names = (temporal as unknown as Root).lookupService(TEST_SERVICE).methodsArray.map((m) => m.name);
    assert.deepEqual(readmeServed(names).sort(), [...names].sort(), "the README's list names every TestService method");
    assert.deepEqual(Object.keys(testServiceMethods(undefined)).sort(), [...names].sort(), 'each is built');
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
