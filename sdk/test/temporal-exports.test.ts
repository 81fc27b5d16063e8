// Every public name of Temporal's SDK packages (1.24) is in the matching @rewind/sdk module, or refused
// with a message (issue 17): enumerated with the TypeScript compiler on both sides, values and types.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { WorkflowBundleError, bundleWorkflowCode } from '@rewind/sdk/worker';
import { REFUSALS, refusalMessage, type TemporalPackage } from '../src/common/refused-names';
import { PACKAGES, refusedExportsPath, renderRefusedExports } from '../../scripts/write-refused-exports';
import { typeErrorsOf } from './types/check-virtual-project';
import { TYPE_DIFFERENCES } from '../src/common/type-differences';
import { checkCount, compareTypes, shapeOf, type Compared, type ExportShape } from './types/type-compatibility';

const REPO = path.resolve(__dirname, '../..');

interface Exported {
  /** A value at run time (a function, class, constant), not only a type. */
  value: boolean;
  /** Declared in a refused-exports.ts file: a refusal, not an implementation. */
  refusal: boolean;
  /** What the type-compatibility checks need. */
  shape: ExportShape;
}

/** The exports of each file, by name, read with one program (Temporal's .d.ts and Rewind's sources). */
function exportsOf(files: readonly string[]): { program: ts.Program; exports: Map<string, Map<string, Exported>> } {
  const program = ts.createProgram([...files], {
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const exports = new Map(
    files.map((file) => {
      const source = program.getSourceFile(file);
      assert.ok(source, `${file} is not in the program`);
      const moduleSymbol = checker.getSymbolAtLocation(source);
      assert.ok(moduleSymbol, `${file} is not a module`);
      const names = new Map<string, Exported>();
      for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const declarations = target.declarations ?? [];
        names.set(symbol.name, {
          value: (target.flags & ts.SymbolFlags.Value) !== 0,
          refusal: declarations.length > 0 && declarations.every((d) => d.getSourceFile().fileName.endsWith('/refused-exports.ts')),
          shape: shapeOf(checker, symbol),
        });
      }
      return [file, names];
    }),
  );
  return { program, exports };
}

const temporalIndex = (pkg: TemporalPackage): string => path.join(REPO, 'node_modules/@temporalio', pkg, 'lib/index.d.ts');
const rewindIndex = (pkg: TemporalPackage): string => path.join(REPO, 'sdk/src', pkg, 'index.ts');

describe("Temporal's public names in @rewind/sdk", function () {
  this.timeout(180_000);
  let temporal: Map<TemporalPackage, Map<string, Exported>>;
  let rewind: Map<TemporalPackage, Map<string, Exported>>;
  let program: ts.Program;

  before(function () {
    const { program: read, exports: all } = exportsOf(PACKAGES.flatMap((pkg) => [temporalIndex(pkg), rewindIndex(pkg)]));
    program = read;
    temporal = new Map(PACKAGES.map((pkg) => [pkg, all.get(temporalIndex(pkg))!]));
    rewind = new Map(PACKAGES.map((pkg) => [pkg, all.get(rewindIndex(pkg))!]));
  });

  for (const pkg of PACKAGES) {
    it(`has or refuses every export of @temporalio/${pkg}, values as values`, function () {
      assert.ok(temporal.get(pkg)!.size > 10, `read the exports of @temporalio/${pkg}`);
      const problems: string[] = [];
      for (const [name, theirs] of temporal.get(pkg)!) {
        const ours = rewind.get(pkg)!.get(name);
        const refused = refusalMessage(pkg, name) !== undefined;
        if (refused) {
          if (ours && !ours.refusal)
            problems.push(`${name} is refused (common/refused-names.ts) but Rewind exports it: remove it from the list`);
          else if (!ours) problems.push(`${name} is refused but not declared: run scripts/write-refused-exports.ts`);
        } else if (!ours || ours.refusal) {
          problems.push(`${name} (${theirs.value ? 'value' : 'type'}) is neither exported by @rewind/sdk/${pkg} nor refused`);
        } else if (theirs.value && !ours.value) {
          problems.push(`${name} is a value in Temporal but only a type in @rewind/sdk/${pkg}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it('gives every name both export a compatible type or the same public surface, or lists how it differs (common/type-differences.ts)', function () {
    const compared: Compared<TemporalPackage>[] = PACKAGES.flatMap((pkg) =>
      [...temporal.get(pkg)!].flatMap(([name, theirs]) => {
        const ours = rewind.get(pkg)!.get(name);
        return ours && !ours.refusal ? [{ pkg, name, temporal: theirs.shape, rewind: ours.shape }] : [];
      }),
    );
    assert.ok(checkCount(compared) > 300, `compared ${checkCount(compared)} checks`);
    const { compatible, bySurface, differing } = compareTypes(program, compared, {
      temporal: temporalIndex,
      rewind: rewindIndex,
      dir: path.join(__dirname, 'types'),
    });
    const listed = new Set(
      TYPE_DIFFERENCES.flatMap((d) => PACKAGES.flatMap((pkg) => (d.names[pkg] ?? []).map((name) => `${pkg}: ${name}`))),
    );
    const failing = new Set(differing.map((f) => `${f.pkg}: ${f.name}`));
    console.log(
      `      ${compared.length} names: ${compatible.length} compatible, ${bySurface.length} compatible by public surface, ${failing.size} differ in shape (listed)`,
    );
    const problems = [
      ...differing
        .filter((f) => !listed.has(`${f.pkg}: ${f.name}`))
        .map(
          (f) =>
            `${f.pkg}: ${f.name} (${f.check}) is not compatible with Temporal's, nor has its public surface: ${f.message} — fix Rewind's type, or list the difference`,
        ),
      ...[...listed]
        .filter((key) => !failing.has(key))
        .map(
          (key) =>
            `${key} is listed as differing but is compatible, or has Temporal's public surface (or is not exported by both): remove it from the list`,
        ),
    ];
    assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
    assert.equal(compatible.length + bySurface.length + failing.size, compared.length);
  });

  it("has every public member of Temporal's classes that differ, or refuses it with why and what to use (common/refused-members.ts)", function () {
    const checker = program.getTypeChecker();
    const classOf = (file: string, name: string): ts.Symbol | undefined => {
      const mod = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
      const symbol = checker.getExportsOfModule(mod).find((s) => s.name === name);
      const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return target && target.flags & ts.SymbolFlags.Class ? target : undefined;
    };
    const isPublic = (p: ts.Symbol): boolean => {
      const d = p.valueDeclaration ?? p.declarations?.[0];
      const hidden = p.name.startsWith('__') || p.name.startsWith('#');
      return !!d && !hidden && !(ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
    };
    const sides = (c: ts.Symbol): [string, ts.Type][] => [
      ['', checker.getDeclaredTypeOfSymbol(c)],
      ['static ', checker.getTypeOfSymbol(c)],
    ];
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const problems: string[] = [];
    let refusedCount = 0;
    for (const difference of TYPE_DIFFERENCES) {
      for (const pkg of PACKAGES) {
        for (const name of difference.names[pkg] ?? []) {
          const theirs = classOf(temporalIndex(pkg), name);
          const ours = classOf(rewindIndex(pkg), name);
          if (!theirs || !ours) continue;
          sides(theirs).forEach(([kind, theirType], i) => {
            const ourType = sides(ours)[i]![1];
            for (const member of theirType.getProperties().filter(isPublic)) {
              if (member.name === 'prototype') continue;
              const mine = ourType.getProperty(member.name);
              if (!mine || !isPublic(mine)) {
                problems.push(`${pkg}: ${name} has no ${kind}member ${member.name}: add it, or declare it refused (RefusedMember)`);
                continue;
              }
              const text = checker.typeToString(checker.getTypeOfSymbol(mine), undefined, ts.TypeFormatFlags.NoTruncation);
              if (!text.includes("(Temporal's) is not in Rewind:")) continue;
              refusedCount++;
              if (!text.startsWith(`Refused<"${name}.${member.name} (Temporal's)`))
                problems.push(`${pkg}: ${name}.${member.name} is refused under another name: ${text}`);
              if (!readme.includes(`\`${name}.${member.name}\``))
                problems.push(`${pkg}: ${name}.${member.name} is refused but not in the README's table`);
            }
          });
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(refusedCount >= 30, `refused ${refusedCount} members`);
  });

  it('fails type checking of a refused member with why and what to use', function () {
    const source = [
      `import { Client } from '@rewind/sdk/client';`,
      `export async function complete(client: Client): Promise<void> {`,
      `  await client.activity.complete(new Uint8Array(), 'done');`,
      `}`,
    ].join('\n');
    const errors = typeErrorsOf(
      { 'uses-refused-member.ts': source },
      { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
    );
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(
      errors[0]!,
      /Client\.activity \(Temporal's\) is not in Rewind: Rewind has no asynchronous activity completion\. Instead: return the activity's result/,
    );
  });

  it('refuses only names that Temporal exports, each once per package', function () {
    const problems: string[] = [];
    for (const refusal of REFUSALS) {
      for (const pkg of PACKAGES) {
        for (const name of refusal.names[pkg] ?? []) {
          if (!temporal.get(pkg)!.has(name)) problems.push(`${name} is refused for @temporalio/${pkg}, which does not export it`);
          if (REFUSALS.filter((r) => r.names[pkg]?.includes(name)).length > 1) problems.push(`${name} is refused twice for ${pkg}`);
        }
      }
    }
    assert.deepEqual([...new Set(problems)], []);
  });

  it("lists every refused name in the README's table", function () {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('### Temporal names Rewind does not have'),
      readme.indexOf('### Temporal names whose types differ'),
    );
    const rows = section.split('\n').filter((line) => line.startsWith('| '));
    const missing = REFUSALS.flatMap((refusal) => {
      const row = rows.find((line) => line.startsWith(`| ${refusal.why[0]!.toUpperCase()}${refusal.why.slice(1)}. |`)) ?? '';
      return PACKAGES.flatMap((pkg) =>
        (refusal.names[pkg] ?? []).filter((name) => !row.includes(`\`${name}\``)).map((name) => `${pkg}: ${name}`),
      );
    });
    assert.deepEqual(missing, []);
  });

  it("lists every type difference in the README's table", function () {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Temporal names whose types differ'), readme.indexOf('### Determinism, checked'));
    const rows = section.split('\n').filter((line) => line.startsWith('| '));
    const missing = TYPE_DIFFERENCES.flatMap((difference) => {
      const row = rows.find((line) => line.startsWith(`| ${difference.why[0]!.toUpperCase()}${difference.why.slice(1)}. |`)) ?? '';
      return PACKAGES.flatMap((pkg) =>
        (difference.names[pkg] ?? []).filter((name) => !row.includes(`\`${name}\``)).map((name) => `${pkg}: ${name}`),
      );
    });
    assert.deepEqual(missing, []);
  });

  it('declares the refusals as the list says (the generated refused-exports.ts files are current)', async function () {
    for (const pkg of PACKAGES) {
      assert.equal(
        fs.readFileSync(refusedExportsPath(pkg), 'utf8'),
        await renderRefusedExports(pkg),
        `run scripts/write-refused-exports.ts`,
      );
    }
  });
});

describe('a refused name, where the user meets it', function () {
  this.timeout(120_000);

  it("fails the workflow bundle with the refusal's reason and what to use (a runtime name)", async function () {
    const bundled = bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'fixtures/imports-refused.ts') });
    await assert.rejects(bundled, (err: unknown) => {
      assert.ok(err instanceof WorkflowBundleError);
      assert.match(
        err.message,
        /imports-refused\.ts:3:\d+: Trigger \(Temporal's\) is not in Rewind: Rewind has no Trigger\. Instead: condition\(/,
      );
      return true;
    });
  });

  it('fails type checking with the reason, and is @deprecated with it (a type name)', function () {
    const source = [
      `import type { LoadedWorkflowClientOptions } from '@rewind/sdk/client';`,
      `export const options: LoadedWorkflowClientOptions = { namespace: 'default' };`,
    ].join('\n');
    const errors = typeErrorsOf(
      { 'uses-refused-type.ts': source },
      { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
    );
    const text = refusalMessage('client', 'LoadedWorkflowClientOptions')!;
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.ok(errors[0]!.includes(text), errors[0]);

    const program = ts.createProgram([path.join(REPO, 'sdk/src/client/index.ts')], { skipLibCheck: true, noEmit: true, types: ['node'] });
    const checker = program.getTypeChecker();
    const client = checker.getSymbolAtLocation(program.getSourceFile(path.join(REPO, 'sdk/src/client/index.ts'))!)!;
    const symbol = checker.getExportsOfModule(client).find((s) => s.name === 'LoadedWorkflowClientOptions')!;
    const tags = (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol).getJsDocTags(checker);
    assert.deepEqual(
      tags.map((t) => [t.name, ts.displayPartsToString(t.text)]),
      [
        ['deprecated', text],
        ['deprecated', text],
      ],
    );
  });
});
