// A small tokenizer for TypeScript and JavaScript source, enough to read literal options out of it
// without running it or loading a compiler: identifiers, strings, templates, numbers and punctuation;
// comments, regular expressions and template substitutions are stepped over.

export type TokenKind = 'id' | 'string' | 'template' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** An identifier's name, a string's value (escapes decoded), a template's text (substitutions left out), or the punctuation. */
  value: string;
  /** Offset in the source. */
  pos: number;
  /** The end offset (exclusive). */
  end: number;
  /** A template with `${…}` substitutions (its value is then not the template's value). */
  substituted?: boolean;
  /** Of such a template: its text up to the first substitution, between two, or after the last. */
  part?: 'head' | 'middle' | 'tail';
}

const ID_START = /[A-Za-z_$#\u0080-\uffff]/;
const ID_PART = /[\w$\u0080-\uffff]/;
const PUNCT3 = ['...', '===', '!==', '**=', '<<=', '>>=', '>>>', '??=', '&&=', '||='];
const PUNCT2 = ['=>', '?.', '??', '||', '&&', '==', '!=', '<=', '>=', '++', '--', '+=', '-=', '*=', '/=', '**', '::'];
/** After these, a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORD = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
]);
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The tokens of `text`. Never throws: what it cannot read is stepped over one character at a time. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  /** Brace depths at which a template substitution started: its `}` resumes the template. */
  const templateDepths: number[] = [];
  let depth = 0;

  const readTemplate = (start: number, from: number): void => {
    // From just after ` or }, up to the closing ` or the next ${.
    let value = '';
    let j = from;
    while (j < text.length && text[j] !== '`') {
      if (text[j] === '\\') {
        value += ESCAPES[text[j + 1]!] ?? text[j + 1] ?? '';
        j += 2;
        continue;
      }
      if (text[j] === '$' && text[j + 1] === '{') {
        tokens.push({ kind: 'template', value, pos: start, end: j + 2, substituted: true, part: text[start] === '`' ? 'head' : 'middle' });
        templateDepths.push(depth);
        depth++;
        i = j + 2;
        return;
      }
      value += text[j];
      j++;
    }
    // The part after a substitution belongs to a template already marked substituted.
    if (text[start] === '}') tokens.push({ kind: 'template', value, pos: start, end: j + 1, substituted: true, part: 'tail' });
    else tokens.push({ kind: 'template', value, pos: start, end: j + 1 });
    i = j + 1;
  };

  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (ID_START.test(c)) {
      let j = i + 1;
      while (j < text.length && ID_PART.test(text[j]!)) j++;
      tokens.push({ kind: 'id', value: text.slice(i, j), pos: i, end: j });
      i = j;
      continue;
    }
    if (/\d/.test(c) || (c === '.' && /\d/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < text.length && /[\w.]/.test(text[j]!)) j++;
      tokens.push({ kind: 'number', value: text.slice(i, j), pos: i, end: j });
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') {
        if (text[j] === '\\') {
          value += ESCAPES[text[j + 1]!] ?? text[j + 1] ?? '';
          j += 2;
        } else value += text[j++];
      }
      tokens.push({ kind: 'string', value, pos: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      readTemplate(i, i + 1);
      continue;
    }
    if (c === '}' && templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth - 1) {
      templateDepths.pop();
      depth--;
      readTemplate(i, i + 1);
      continue;
    }
    if (c === '/' && startsRegex(tokens[tokens.length - 1])) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n' && (inClass || text[j] !== '/')) {
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        j++;
      }
      j++;
      while (j < text.length && /[a-z]/.test(text[j]!)) j++;
      i = j; // A regular expression is no option's value here: stepped over.
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    const punct = PUNCT3.includes(three) ? three : PUNCT2.includes(two) && !(two === '?.' && /\d/.test(text[i + 2] ?? '')) ? two : c;
    if (punct === '{') depth++;
    if (punct === '}') depth--;
    tokens.push({ kind: 'punct', value: punct, pos: i, end: i + punct.length });
    i += punct.length;
  }
  return tokens;
}

function startsRegex(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'id') return REGEX_AFTER_WORD.has(previous.value);
  if (previous.kind === 'punct') return ![')', ']', '}', '++', '--'].includes(previous.value);
  return false;
}

/** The 1-based line of offset `pos` in `text`. */
export function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
