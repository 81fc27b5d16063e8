// The README's list of the Temporal methods Rewind serves is the server's: every method of Temporal's
// WorkflowService and OperatorService is either built (and listed) or answers UNIMPLEMENTED naming itself (and is not).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { Root } from 'protobufjs';
import { temporal } from '@temporalio/proto';
import { createMethods } from '../../src/grpc/methods';
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
});
