// The signals, queries and updates a workspace defines, read from source (no code runs): each
// defineSignal / defineQuery / defineUpdate call with its name, its argument types and a JSON template of
// them, and the workflow functions that setHandler it. For the Signal, Query and Update prompts; it must
// not guess at what it cannot read (a name built at run time is left out, a handler set in a helper is untied).
import type * as TS from 'typescript';
import { localTypes, placeholder } from './workflow-scan';

export type HandlerKind = 'signal' | 'query' | 'update';

export interface HandlerDefinition {
  kind: HandlerKind;
  /** The name a client sends: the string given to defineSignal / defineQuery / defineUpdate. */
  name: string;
  /** The variable the definition is assigned to ('' for one written inline in setHandler). */
  variable: string;
  file: string;
  /** 0-based line of the definition. */
  line: number;
  /** The argument types as written, e.g. `[{ by: string }]` ('' when none are declared: no arguments). */
  args: string;
  /** A query's or an update's answer type as written ('' for a signal or when not declared). */
  returns: string;
  /** The arguments as a JSON array to fill in, from their types. */
  template: string;
  /** The exported workflow functions that set its handler (in this file, or, once tied, in any file). */
  workflows: string[];
}

/** A workflow function that sets the handler of a definition it imports (tied across files by {@link tieHandlers}). */
export interface HandlerUse {
  workflow: string;
  /** The definition's exported name in the file that defines it. */
  variable: string;
}

export interface HandlerScan {
  definitions: HandlerDefinition[];
  uses: HandlerUse[];
}

const DEFINE: Record<string, HandlerKind> = { defineSignal: 'signal', defineQuery: 'query', defineUpdate: 'update' };

export function scanHandlers(ts: typeof TS, file: string, text: string): HandlerScan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const types = localTypes(ts, source);
  const definitions: HandlerDefinition[] = [];
  const byCall = new Map<TS.CallExpression, HandlerDefinition>();
  const setHandlerCalls: TS.CallExpression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = calleeName(ts, node);
      const kind = callee ? DEFINE[callee] : undefined;
      const first = node.arguments[0];
      if (kind && first && ts.isStringLiteralLike(first)) {
        const d = definition(ts, source, types, node, kind, first.text);
        definitions.push(d);
        byCall.set(node, d);
      }
      if (callee === 'setHandler') setHandlerCalls.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  const imported = importedNames(ts, source);
  const uses: HandlerUse[] = [];
  for (const call of setHandlerCalls) {
    const workflow = enclosingWorkflow(ts, call, source);
    const arg = call.arguments[0];
    if (!workflow || !arg) continue;
    const local = ts.isCallExpression(arg)
      ? byCall.get(arg)
      : ts.isIdentifier(arg)
        ? definitions.find((d) => d.variable === arg.text && d.file === file)
        : undefined;
    if (local) {
      if (!local.workflows.includes(workflow)) local.workflows.push(workflow);
    } else if (ts.isIdentifier(arg) && imported.has(arg.text)) {
      uses.push({ workflow, variable: imported.get(arg.text)! });
    }
  }
  return { definitions, uses };
}

/** Ties the uses of every file to the definitions they import (by exported name); returns all definitions. */
export function tieHandlers(scans: readonly HandlerScan[]): HandlerDefinition[] {
  const all = scans.flatMap((s) => s.definitions.map((d) => ({ ...d, workflows: [...d.workflows] })));
  for (const use of scans.flatMap((s) => s.uses)) {
    for (const d of all.filter((x) => x.variable === use.variable)) if (!d.workflows.includes(use.workflow)) d.workflows.push(use.workflow);
  }
  return all;
}

/**
 * The definitions of a kind to offer for a run of `workflowType`: first those its workflow sets a handler
 * for, then the others of the workspace (a handler set in a helper function is not tied); each name once.
 */
export function handlersFor(
  definitions: readonly HandlerDefinition[],
  kind: HandlerKind,
  workflowType: string | undefined,
): { definition: HandlerDefinition; setByWorkflow: boolean }[] {
  const ofKind = definitions.filter((d) => d.kind === kind);
  const tied = ofKind.filter((d) => workflowType !== undefined && d.workflows.includes(workflowType));
  const seen = new Set<string>();
  const out: { definition: HandlerDefinition; setByWorkflow: boolean }[] = [];
  for (const [list, setByWorkflow] of [
    [tied, true],
    [ofKind, false],
  ] as const) {
    for (const definition of list) {
      if (seen.has(definition.name)) continue;
      seen.add(definition.name);
      out.push({ definition, setByWorkflow });
    }
  }
  return out;
}

function calleeName(ts: typeof TS, call: TS.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text; // wf.defineSignal(…)
  return undefined;
}

function definition(
  ts: typeof TS,
  source: TS.SourceFile,
  types: Map<string, TS.Node>,
  call: TS.CallExpression,
  kind: HandlerKind,
  name: string,
): HandlerDefinition {
  const typeArgs = call.typeArguments ?? [];
  // defineSignal<Args>; defineQuery<Ret, Args>; defineUpdate<Ret, Args>.
  const argsType = kind === 'signal' ? typeArgs[0] : typeArgs[1];
  const returns = kind === 'signal' ? undefined : typeArgs[0];
  const parent = call.parent;
  const variable = ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : '';
  return {
    kind,
    name,
    variable,
    file: source.fileName,
    line: source.getLineAndCharacterOfPosition(call.getStart(source)).line,
    args: argsType ? argsType.getText(source) : '',
    returns: returns ? returns.getText(source) : '',
    template: JSON.stringify(argsTemplate(ts, argsType, types)),
    workflows: [],
  };
}

/** The template of an argument tuple: a placeholder per required element (a tuple alias of the file is followed). */
function argsTemplate(ts: typeof TS, type: TS.TypeNode | undefined, types: Map<string, TS.Node>): unknown[] {
  let t: TS.Node | undefined = type;
  for (let i = 0; t && ts.isTypeReferenceNode(t) && i < 5; i++) t = types.get(t.typeName.getText());
  if (!t || !ts.isTupleTypeNode(t)) return [];
  return t.elements.flatMap((e) => {
    const member = ts.isNamedTupleMember(e) ? e : undefined;
    if (member?.questionToken || ts.isOptionalTypeNode(e) || ts.isRestTypeNode(e) || (member && member.dotDotDotToken)) return [];
    return [placeholder(ts, member ? member.type : e, types, 0)];
  });
}

/** The exported workflow function (declaration, or const of an arrow or function expression) a node is in. */
function enclosingWorkflow(ts: typeof TS, node: TS.Node, source: TS.SourceFile): string | undefined {
  let top: TS.Node = node;
  while (top.parent && top.parent !== source) top = top.parent;
  if (!ts.canHaveModifiers(top) || !(ts.getModifiers(top) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return undefined;
  if (ts.isFunctionDeclaration(top)) return top.name?.text;
  if (ts.isVariableStatement(top)) {
    const d = top.declarationList.declarations.find((x) => x.initializer && node.pos >= x.initializer.pos && node.end <= x.initializer.end);
    const init = d?.initializer;
    if (d && ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return d.name.text;
  }
  return undefined;
}

/** Local name → exported name in its module, for the named imports of relative modules. */
function importedNames(ts: typeof TS, source: TS.SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of source.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !s.moduleSpecifier.text.startsWith('.')) continue;
    const bindings = s.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const e of bindings.elements) out.set(e.name.text, (e.propertyName ?? e.name).text);
  }
  return out;
}
