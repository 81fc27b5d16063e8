// Surface<T> (sdk/test/types/surface.ts), the rule that accepts Temporal's nominal classes and branded
// definitions by their public surface: shown on small pairs to accept only what has the same surface.
import assert from 'node:assert/strict';
import { typeErrorsOf } from './types/check-virtual-project';

/** Interfaces `${name}0` … `${name}${depth}`, each holding the next as `inner`, the last `leaf`. */
function chain(name: string, depth: number, leaf: string): string {
  const levels = Array.from({ length: depth }, (_, i) => `interface ${name}${i} { inner: ${name}${i + 1} }`);
  return [...levels, `interface ${name}${depth} ${leaf}`, `export type ${name} = ${name}0;`].join('\n');
}

/** Declarations the cases compare: each pair differs as its name says. */
const declarations = `
import type { Surface, SurfaceDepthLimit } from '../surface';

export class Secret { private key = 'a'; protected salt = 1; #pepper = 2; name = 'n'; greet(to: string): string { return to; } }
export class LookAlike { name = 'n'; greet(to: string): string { return to; } }

declare const argsBrand: unique symbol;
export interface BrandedSignal<Args extends unknown[] = []> { type: 'signal'; name: string; [argsBrand]: Args }
export interface PlainSignal<Args extends unknown[] = []> { type: 'signal'; name: string; __args?: Args }

export class DeepNumber { private id = 1; options = { retry: { backoff: { seconds: 1 } } }; }
export class DeepString { private id = 1; options = { retry: { backoff: { seconds: '1s' } } }; }

export class WithStop { private id = 1; start(): void {} stop(): void {} }
export class WithoutStop { private id = 1; start(): void {} }

export class TakesNumber { private id = 1; constructor(public n: number) {} wait(ms: number): Promise<number> { return Promise.resolve(ms); } }
export class TakesString { private id = 1; constructor(public n: string) {} wait(ms: number): Promise<string> { return Promise.resolve(String(ms)); } }

export class ReturnsTuple { private id = 1; pair(): readonly [number, string] { return [1, 'a']; } }
export class ReturnsSwapped { private id = 1; pair(): readonly [string, number] { return ['a', 1]; } }

export class Recursive { private id = 1; value = 1; copy(): Recursive { return this; } }
export class RecursiveLookAlike { value = 1; copy(): RecursiveLookAlike { return this; } }

export const limit: SurfaceDepthLimit = 7; // the cases below nest their leaf 6 and 7 levels deep
${chain('Six', 6, '{ value: number }')}
${chain('SixString', 6, '{ value: string }')}
${chain('Seven', 7, '{ value: number }')}
${chain('SevenString', 7, '{ value: string }')}
${chain('SevenOther', 7, '{ other: number }')}

export class ProtectedMaker { protected constructor(public n: number) {} static make(): ProtectedMaker { return new ProtectedMaker(1); } }
export class PublicMaker { constructor(public n: number) {} static make(): PublicMaker { return new PublicMaker(1); } }

interface Box<T> { inner: T }
export type BoxedNumber = Box<Box<Box<Box<Box<{ value: number }>>>>>;
export type BoxedString = Box<Box<Box<Box<Box<{ value: string }>>>>>;

export const someNumber = 1;
export const someFunction = (x: number): number => x;
`;

/** The type errors of `line`, compiled after the declarations. */
function errorsOf(line: string): string[] {
  return typeErrorsOf({ 'surface-cases.ts': `${declarations}\n${line}\n` });
}

/** `A` is usable as `B` by surface (and, for contrast, whether it is plainly). */
const bySurface = (a: string, b: string): string[] => errorsOf(`export const check = (x: Surface<${a}>): Surface<${b}> => x;`);
const plainly = (a: string, b: string): string[] => errorsOf(`export const check = (x: ${a}): ${b} => x;`);

describe('Surface: the public structural surface of a type', function () {
  this.timeout(60_000);

  it('accepts a class with private, protected and #private members and its look-alike, both ways (TypeScript does not)', function () {
    assert.equal(plainly('LookAlike', 'Secret').length, 1);
    assert.deepEqual(bySurface('LookAlike', 'Secret'), []);
    assert.deepEqual(bySurface('Secret', 'LookAlike'), []);
    assert.deepEqual(bySurface('typeof LookAlike', 'typeof Secret'), []);
  });

  it('accepts a definition that differs only by a brand keyed by an unexported unique symbol (TypeScript does not)', function () {
    assert.equal(plainly('PlainSignal<[number]>', 'BrandedSignal<[number]>').length, 1);
    assert.deepEqual(bySurface('PlainSignal<[number]>', 'BrandedSignal<[number]>'), []);
    assert.deepEqual(bySurface('BrandedSignal<[number]>', 'PlainSignal<[number]>'), []);
  });

  it('accepts a recursive class and its look-alike (a cycle through the class, as TypedSearchAttributes.copy())', function () {
    assert.deepEqual(bySurface('RecursiveLookAlike', 'Recursive'), []);
    assert.deepEqual(bySurface('typeof Recursive', 'typeof RecursiveLookAlike'), []);
  });

  it('refuses a field whose type differs deep inside (number against string, four levels down)', function () {
    const errors = bySurface('DeepString', 'DeepNumber');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /options\.retry\.backoff\.seconds/);
    assert.match(errors[0]!, /Type 'string' is not assignable to type 'number'/);
    assert.equal(bySurface('typeof DeepNumber', 'typeof DeepString').length, 1);
  });

  it('refuses a class without a public method the other has, as an instance and as a constructor', function () {
    assert.match(bySurface('WithoutStop', 'WithStop').join('\n'), /Property 'stop' is missing/);
    assert.match(bySurface('typeof WithoutStop', 'typeof WithStop').join('\n'), /'stop' is missing/);
    assert.deepEqual(bySurface('WithStop', 'WithoutStop'), [], 'more public members are fine (as in TypeScript)');
  });

  it("refuses different constructor parameters, a method's different result, and swapped tuple elements", function () {
    assert.match(bySurface('typeof TakesString', 'typeof TakesNumber').join('\n'), /Types of parameters 'n' and 'n' are incompatible/);
    assert.match(bySurface('TakesString', 'TakesNumber').join('\n'), /Type 'string' is not assignable to type 'number'/);
    assert.equal(bySurface('ReturnsSwapped', 'ReturnsTuple').length, 1);
  });

  it('takes a protected constructor as no constructor (its statics stay), as TypeScript does', function () {
    assert.deepEqual(bySurface('typeof PublicMaker', 'typeof ProtectedMaker'), []);
    assert.match(
      bySurface('typeof ProtectedMaker', 'typeof PublicMaker').join('\n'),
      /provides no match for the signature 'new \(n: number\)/,
    );
  });

  it('does not make a function or a class out of anything (values keep their kind)', function () {
    assert.equal(bySurface('typeof someNumber', 'typeof someFunction').length, 1);
    assert.equal(bySurface('typeof someFunction', 'typeof Secret').length, 1);
    assert.equal(bySurface('string', 'LookAlike').length, 1);
  });

  it('compares only member names SurfaceDepthLimit (7) levels down (the documented limit)', function () {
    assert.match(bySurface('SixString', 'Six').join('\n'), /inner\.inner\.inner\.inner\.inner\.inner\.value/, 'six levels down: seen');
    assert.equal(plainly('SevenString', 'Seven').length, 1);
    assert.deepEqual(bySurface('SevenString', 'Seven'), [], 'a type difference seven levels down is not seen');
    assert.match(bySurface('SevenOther', 'Seven').join('\n'), /Property 'value' is missing/, 'a missing member seven levels down is');
  });

  it("inherits TypeScript's guard against deep nesting: in Box<Box<Box<Box<Box<T>>>>> T is not compared (the documented limit)", function () {
    assert.equal(plainly('BoxedString', 'BoxedNumber').length, 1, 'TypeScript compares Box<A> with Box<B> by A and B');
    assert.deepEqual(bySurface('BoxedString', 'BoxedNumber'), [], 'the mapped boxes are taken as related');
  });
});
