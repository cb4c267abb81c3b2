/**
 * The trusted kernel's boundary, read off the real import graph with the TypeScript compiler's
 * parser: every module reachable from src/kernel, every import form (static, double-quoted,
 * side-effect, type-only, re-exports, `export *`, dynamic `import()`, `require`, `import x =
 * require()`), and every use of randomness, clocks, I/O, process state or code evaluation in
 * those modules. Also the size of that trusted base in lines of code (`npm run trusted-base`).
 *
 * The rule: the kernel imports nothing outside src/kernel, no package and no node: module, loads
 * nothing dynamically, and names none of the forbidden globals.
 *
 * @packageDocumentation
 */
import ts from 'typescript';

/** One breach of the boundary. */
export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly kind: 'outside-kernel' | 'package-import' | 'dynamic-import' | 'require' | 'forbidden-global' | 'import-meta' | 'unresolved';
  readonly detail: string;
}

/**
 * Globals the kernel may not name: randomness, clocks, timers, I/O, process and environment state,
 * code evaluation, threads.
 */
export const FORBIDDEN_GLOBALS: readonly string[] = [
  'Date',
  'performance',
  'process',
  'console',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'crypto',
  'globalThis',
  'global',
  'window',
  'self',
  'navigator',
  'eval',
  'Function',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'Atomics',
  'SharedArrayBuffer',
  'Worker',
  'Buffer',
];

/** Normalises a/b/../c to a/c. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

function dirOf(path: string): string {
  return path.split('/').slice(0, -1).join('/');
}

/** A relative specifier of `from` as a source path (`./x.js` -> `dir/x.ts`). */
function resolve(from: string, spec: string): string {
  return normalize(`${dirOf(from)}/${spec.replace(/\.js$/, '.ts')}`);
}

/** What one source file imports, and its violations of the global rules. */
export function scanFile(file: string, text: string): { specifiers: { spec: string; line: number; dynamic: boolean }[]; violations: Violation[] } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const specifiers: { spec: string; line: number; dynamic: boolean }[] = [];
  const violations: Violation[] = [];
  const lineOf = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) specifiers.push({ spec: n.moduleSpecifier.text, line: lineOf(n), dynamic: false });
    if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      violations.push({ file, line: lineOf(n), kind: 'require', detail: 'import x = require(...)' });
    }
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) violations.push({ file, line: lineOf(n), kind: 'dynamic-import', detail: `import(${n.arguments[0]?.getText(sf) ?? ''})` });
    if (ts.isMetaProperty(n) && n.keywordToken === ts.SyntaxKind.ImportKeyword) violations.push({ file, line: lineOf(n), kind: 'import-meta', detail: 'import.meta' });
    // Math only as Math.<name>, never Math.random: no Math[...], no alias, no Math passed around.
    if (ts.isIdentifier(n) && n.text === 'Math') {
      const p = n.parent;
      const member = ts.isPropertyAccessExpression(p) && p.expression === n;
      if (!member || p.name.text === 'random') violations.push({ file, line: lineOf(n), kind: 'forbidden-global', detail: member ? 'Math.random' : `Math used other than as Math.<function> (${p.getText(sf).slice(0, 40)})` });
    }
    if (ts.isIdentifier(n) && FORBIDDEN_GLOBALS.includes(n.text)) {
      const p = n.parent;
      // A property name (x.Date, { Date: 1 }, interface field) is not the global.
      const isName = (ts.isPropertyAccessExpression(p) && p.name === n) || ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === n);
      if (!isName) violations.push({ file, line: lineOf(n), kind: n.text === 'require' ? 'require' : 'forbidden-global', detail: n.text });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { specifiers, violations };
}

/** The modules reachable from the kernel's files, and every violation in them. */
export function checkBoundary(files: ReadonlyMap<string, string>, kernelDir = 'src/kernel'): { reachable: string[]; violations: Violation[] } {
  const inKernel = (p: string): boolean => p.startsWith(`${kernelDir}/`);
  const todo = [...files.keys()].filter(inKernel);
  const seen = new Set<string>();
  const violations: Violation[] = [];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = files.get(file);
    if (text === undefined) continue;
    const scan = scanFile(file, text);
    violations.push(...scan.violations);
    for (const s of scan.specifiers) {
      if (!s.spec.startsWith('.')) {
        violations.push({ file, line: s.line, kind: 'package-import', detail: s.spec });
        continue;
      }
      const target = resolve(file, s.spec);
      if (!inKernel(target)) violations.push({ file, line: s.line, kind: 'outside-kernel', detail: `${s.spec} (${target})` });
      if (!files.has(target)) violations.push({ file, line: s.line, kind: 'unresolved', detail: s.spec });
      todo.push(target);
    }
  }
  return { reachable: [...seen].filter((f) => files.has(f)).sort(), violations };
}

/** Lines that hold code (not blank, not only comments), by the TypeScript scanner. */
export function codeLines(text: string): number {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text);
  const lines = new Set<number>();
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const lineAt = (pos: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t === ts.SyntaxKind.WhitespaceTrivia || t === ts.SyntaxKind.NewLineTrivia || t === ts.SyntaxKind.SingleLineCommentTrivia || t === ts.SyntaxKind.MultiLineCommentTrivia) continue;
    // A token may span lines (template strings): count each.
    for (let l = lineAt(scanner.getTokenStart()); l <= lineAt(Math.max(scanner.getTokenStart(), scanner.getTokenEnd() - 1)); l++) lines.add(l);
  }
  return lines.size;
}
