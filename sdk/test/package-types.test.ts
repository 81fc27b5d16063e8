// The SDK's types as a user's project sees them (issue 17): every entry point resolves under
// `moduleResolution: "node"`, and the shapes of Temporal's names that users rely on are Temporal's.
import assert from 'node:assert/strict';
import ts from 'typescript';
import { typeErrorsOf } from './types/check-virtual-project';

const ENTRIES = ['workflow', 'activity', 'client', 'worker', 'common', 'testing'] as const;

describe('@rewind/sdk types in a user project', function () {
  this.timeout(120_000);

  it('resolves every entry point with moduleResolution "node" (typesVersions)', function () {
    const imports = ENTRIES.map((e) => `import * as ${e} from '@rewind/sdk/${e}';\nexport type T_${e} = typeof ${e};`).join('\n');
    assert.deepEqual(typeErrorsOf({ 'entries.ts': imports }, { moduleResolution: ts.ModuleResolutionKind.Node10 }), []);
  });

  it("proxyActivities() without a type argument takes any arguments, as Temporal's (UntypedActivities)", function () {
    const source = [
      `import { proxyActivities, proxyLocalActivities } from '@rewind/sdk/workflow';`,
      `export async function wf(): Promise<string> {`,
      `  const acts = proxyActivities({ startToCloseTimeout: '1 minute' });`,
      `  const local = proxyLocalActivities({ startToCloseTimeout: '1 minute' });`,
      `  const a: string = await acts.greet('a', 1, { b: true });`,
      `  return a + (await local.charge(10));`,
      `}`,
    ].join('\n');
    assert.deepEqual(
      typeErrorsOf({ 'untyped-proxy.ts': source }, { moduleResolution: ts.ModuleResolutionKind.Node16, module: ts.ModuleKind.Node16 }),
      [],
    );
  });

  it("ActivityInfo has Temporal's shapes: heartbeatDetails any, startToCloseTimeoutMs a number", function () {
    const source = [
      `import type { ActivityInfo, Info } from '@rewind/sdk/activity';`,
      `type IsAny<T> = 0 extends 1 & T ? true : false;`,
      `export const detailsAreAny: IsAny<ActivityInfo['heartbeatDetails']> = true;`,
      `export function resume(info: Info): number {`,
      `  const from: number = info.heartbeatDetails?.next ?? 0;`,
      `  const budget: number = info.startToCloseTimeoutMs;`,
      `  return from + budget;`,
      `}`,
    ].join('\n');
    assert.deepEqual(
      typeErrorsOf({ 'activity-info.ts': source }, { moduleResolution: ts.ModuleResolutionKind.Node16, module: ts.ModuleKind.Node16 }),
      [],
    );
  });
});
