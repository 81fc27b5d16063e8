// The workflow types a workspace defines, read from source (no code runs): each exported function of
// a file that imports the workflow API, with its parameters, their types, and an argument template in
// JSON for the Start Workflow input box and the CodeLens. TypeScript is passed in (the scan thread's own, bundled).
import type * as TS from 'typescript';

export interface WorkflowParam {
  name: string;
  /** The declared type as written ('' if none). */
  type: string;
  optional: boolean;
}

export interface WorkflowDefinition {
  name: string;
  file: string;
  /** 0-based line of the declaration (for a CodeLens). */
  line: number;
  params: WorkflowParam[];
  /** The arguments as a JSON array to fill in: a placeholder per parameter, from its type. */
  template: string;
}

const WORKFLOW_MODULES = new Set(['@rewind/sdk/workflow', '@temporalio/workflow']);

/** Whether a file's text looks like workflow code (imports the workflow API): a cheap test before parsing. */
export function mayDefineWorkflows(text: string): boolean {
  return text.includes('@rewind/sdk/workflow') || text.includes('@temporalio/workflow');
}

export function scanWorkflows(ts: typeof TS, file: string, text: string): WorkflowDefinition[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const importsWorkflowApi = source.statements.some(
    (s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && WORKFLOW_MODULES.has(s.moduleSpecifier.text),
  );
  if (!importsWorkflowApi) return [];
  const types = localTypes(ts, source);
  const out: WorkflowDefinition[] = [];
  const add = (name: string, node: TS.Node, fn: TS.SignatureDeclarationBase): void => {
    const params = fn.parameters.map((p) => ({
      name: p.name.getText(source),
      type: p.type ? p.type.getText(source) : '',
      optional: !!p.questionToken || !!p.initializer,
    }));
    const template = JSON.stringify(
      fn.parameters.filter((p) => !p.questionToken && !p.initializer).map((p) => placeholder(ts, p.type, types, 0)),
      null,
      0,
    );
    out.push({ name, file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line, params, template });
  };
  for (const s of source.statements) {
    if (!hasExport(ts, s)) continue;
    if (ts.isFunctionDeclaration(s) && s.name) add(s.name.text, s, s);
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) add(d.name.text, d, init);
      }
    }
  }
  return out;
}

function hasExport(ts: typeof TS, s: TS.Statement): boolean {
  return ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** Interfaces and type aliases of the file, by name (parameters often use them). */
export function localTypes(ts: typeof TS, source: TS.SourceFile): Map<string, TS.Node> {
  const out = new Map<string, TS.Node>();
  for (const s of source.statements) {
    if (ts.isInterfaceDeclaration(s)) out.set(s.name.text, s);
    if (ts.isTypeAliasDeclaration(s)) out.set(s.name.text, s.type);
  }
  return out;
}

/** A JSON value that shows what a type wants: "" for strings, 0, false, [], objects with their fields. */
export function placeholder(ts: typeof TS, type: TS.Node | undefined, types: Map<string, TS.Node>, depth: number): unknown {
  if (!type || depth > 5) return null;
  if (ts.isInterfaceDeclaration(type) || ts.isTypeLiteralNode(type)) {
    const obj: Record<string, unknown> = {};
    for (const m of type.members) {
      if (ts.isPropertySignature(m) && m.name && !m.questionToken) obj[m.name.getText()] = placeholder(ts, m.type, types, depth + 1);
    }
    return obj;
  }
  if (ts.isArrayTypeNode(type) || (ts.isTypeReferenceNode(type) && ['Array', 'ReadonlyArray'].includes(type.typeName.getText()))) return [];
  if (ts.isTypeReferenceNode(type)) {
    const name = type.typeName.getText();
    if (name === 'Date') return new Date(0).toISOString();
    if (name === 'Record') return {};
    const local = types.get(name);
    return local ? placeholder(ts, local, types, depth + 1) : null;
  }
  if (ts.isUnionTypeNode(type)) return placeholder(ts, type.types[0], types, depth + 1);
  if (ts.isLiteralTypeNode(type)) {
    const lit = type.literal;
    if (ts.isStringLiteral(lit)) return lit.text;
    if (ts.isNumericLiteral(lit)) return Number(lit.text);
    if (lit.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (lit.kind === ts.SyntaxKind.FalseKeyword) return false;
    return null;
  }
  if (ts.isTupleTypeNode(type)) return type.elements.map((e) => placeholder(ts, e, types, depth + 1));
  switch (type.kind) {
    case ts.SyntaxKind.StringKeyword:
      return '';
    case ts.SyntaxKind.NumberKeyword:
      return 0;
    case ts.SyntaxKind.BooleanKeyword:
      return false;
    default:
      return null;
  }
}
