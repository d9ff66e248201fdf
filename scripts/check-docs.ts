// npm run check:docs: fails when a public symbol has no doc comment.
//
// Walks what the package's entry points export (src/index.ts, src/node.ts, src/onnx.ts:
// every entry of "exports" in package.json, scripts/entries.ts) with the TypeScript
// compiler API and requires:
//   - a doc comment (/** … */) on every exported declaration;
//   - an @example on every exported class and function;
//   - a doc comment on every public member of an exported class (constructor, method,
//     property, accessor) and on every member of an exported interface. A class member
//     that implements or overrides a documented member of a base class or an interface
//     (Dense.forward, documented on Layer.forward) inherits its comment.
// Prints a count and the undocumented symbols as file:line, and exits 1 if there are any.
import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { entries as packageEntries, root } from './entries.js';

const entries = packageEntries.map((entry) => resolve(root, entry.source));

const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
if (!configPath) throw new Error('check-docs: no tsconfig.json');
const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
const program = ts.createProgram(entries, config.options);
const checker = program.getTypeChecker();

const problems: string[] = [];
let exportsChecked = 0, membersChecked = 0;

function where(node: ts.Node): string {
  const source = node.getSourceFile();
  const { line } = source.getLineAndCharacterOfPosition(node.getStart());
  return `${relative(root, source.fileName)}:${line + 1}`;
}

/** The /** … *\/ comments attached to a declaration (for a variable, to its statement). */
function jsDocs(node: ts.Node): ts.JSDoc[] {
  return ts.getJSDocCommentsAndTags(node).filter((d): d is ts.JSDoc => ts.isJSDoc(d));
}

function hasDoc(node: ts.Node): boolean {
  return jsDocs(node).some((doc) => (typeof doc.comment === 'string' ? doc.comment.trim() !== '' : (doc.comment?.length ?? 0) > 0) || (doc.tags?.length ?? 0) > 0);
}

function hasExample(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'example');
}

function isPublic(member: ts.ClassElement): boolean {
  const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  return !(member.name && ts.isPrivateIdentifier(member.name));
}

/** Whether a base class or an implemented interface documents a member of this name. */
function inheritsDoc(cls: ts.ClassDeclaration, name: string): boolean {
  const type = checker.getTypeAtLocation(cls) as ts.InterfaceType;
  const supertypes: ts.Type[] = [...(checker.getBaseTypes(type) ?? [])];
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ImplementsKeyword) continue;
    for (const t of clause.types) supertypes.push(checker.getTypeAtLocation(t));
  }
  for (const supertype of supertypes) {
    const symbol = supertype.getProperty(name);
    if (symbol?.declarations?.some((d) => hasDoc(d))) return true;
    // Further up: the base's own bases and interfaces.
    const decl = supertype.getSymbol()?.declarations?.find(ts.isClassDeclaration);
    if (decl && inheritsDoc(decl, name)) return true;
  }
  return false;
}

function checkClass(cls: ts.ClassDeclaration, exportName: string): void {
  for (const member of cls.members) {
    if (!isPublic(member) || ts.isSemicolonClassElement(member) || ts.isClassStaticBlockDeclaration(member)) continue;
    if (ts.isIndexSignatureDeclaration(member)) continue;
    const name = ts.isConstructorDeclaration(member) ? 'constructor' : member.name?.getText() ?? '?';
    membersChecked++;
    if (ts.isConstructorDeclaration(member)) {
      // A constructor is documented by its class comment; its parameter properties need their own.
      for (const p of member.parameters) {
        if (!ts.isParameterPropertyDeclaration(p, member)) continue;
        const flags = ts.getCombinedModifierFlags(p);
        if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        membersChecked++;
        if (!hasDoc(p) && !inheritsDoc(cls, p.name.getText())) problems.push(`${where(p)}  ${exportName}.${p.name.getText()}: no doc comment`);
      }
      continue;
    }
    if (hasDoc(member) || inheritsDoc(cls, name)) continue;
    problems.push(`${where(member)}  ${exportName}.${name}: no doc comment`);
  }
}

function checkInterface(node: ts.InterfaceDeclaration, exportName: string): void {
  for (const member of node.members) {
    membersChecked++;
    if (!hasDoc(member)) problems.push(`${where(member)}  ${exportName}.${member.name?.getText() ?? '(signature)'}: no doc comment`);
  }
}

const seen = new Set<ts.Declaration>();
for (const entry of entries) {
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`check-docs: cannot read ${entry}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) continue;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    for (const decl of symbol.declarations ?? []) {
      if (seen.has(decl)) continue;
      seen.add(decl);
      exportsChecked++;
      const name = exported.getName();
      const kind = ts.SyntaxKind[decl.kind];
      if (!hasDoc(decl)) {
        problems.push(`${where(decl)}  ${name} (${kind}): no doc comment`);
        continue;
      }
      if ((ts.isClassDeclaration(decl) || ts.isFunctionDeclaration(decl)) && !hasExample(decl)) {
        problems.push(`${where(decl)}  ${name} (${kind}): no @example`);
      }
      if (ts.isClassDeclaration(decl)) checkClass(decl, name);
      if (ts.isInterfaceDeclaration(decl)) checkInterface(decl, name);
    }
  }
}

console.log(`check-docs: ${exportsChecked} exported declarations and ${membersChecked} public members checked`);
if (problems.length > 0) {
  console.error(`check-docs: ${problems.length} missing:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('check-docs: every export is documented');
