// The names of members that nothing outside their class can reach: what the minified browser
// bundles may rename (terser's property mangling, scripts/build-browser.ts). A name
// qualifies when every declaration of it in src/ is a `private` member and it stands nowhere
// else as a property: not as a public or protected member, an interface or object-literal
// key, a destructured key, a string (a key read by name, a serialized field), an access
// that the type checker cannot trace to private members alone, nor a word of the bundled
// seedrandom code. The public .d.ts holds no private member's type, and JSON is written
// from object literals, so neither API nor saved files can change.
//
//   npx tsx scripts/private-names.ts    lists the names, and those kept with the reason
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { globSync } from 'tinyglobby';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');

/** Private member names of `${tree}/src/` that may be renamed, and those kept (name → where it is seen otherwise). */
export function privateMemberNames(tree = root): { names: string[]; kept: Map<string, string> } {
  const files = globSync(['src/**/*.ts'], { cwd: tree, absolute: true });
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    lib: ['lib.es2022.d.ts'],
  });
  const checker = program.getTypeChecker();
  const isPrivate = (d: ts.Declaration) => (ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Private) !== 0;
  const privates = new Set<string>();
  const seen = new Map<string, string>();
  const note = (name: string, why: string) => void (seen.has(name) || seen.set(name, why));
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || !file.fileName.startsWith(`${tree}/src/`)) continue;
    const at = (n: ts.Node) => `${file.fileName.slice(tree.length + 1)}:${file.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node): void => {
      const member =
        ts.isPropertyDeclaration(n) ||
        ts.isMethodDeclaration(n) ||
        ts.isGetAccessor(n) ||
        ts.isSetAccessor(n) ||
        (ts.isParameter(n) && ts.isConstructorDeclaration(n.parent) && (ts.getCombinedModifierFlags(n) & ts.ModifierFlags.ParameterPropertyModifier) !== 0);
      if (member && n.name && ts.isIdentifier(n.name)) {
        if (isPrivate(n) && !ts.isObjectLiteralExpression(n.parent)) privates.add(n.name.text);
        else note(n.name.text, `member ${at(n)}`);
      } else if (
        (ts.isPropertySignature(n) || ts.isMethodSignature(n) || ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n) || ts.isEnumMember(n)) &&
        (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))
      ) {
        note(n.name.text, `key ${at(n)}`);
      } else if (ts.isBindingElement(n) && ts.isObjectBindingPattern(n.parent)) {
        const key = n.propertyName ?? n.name;
        if (ts.isIdentifier(key)) note(key.text, `destructured ${at(n)}`);
      } else if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.name)) {
        const declarations = checker.getSymbolAtLocation(n.name)?.declarations ?? [];
        if (declarations.length === 0 || !declarations.every(isPrivate)) note(n.name.text, `access ${at(n)}`);
      } else if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
        if (/^[\w$]+$/.test(n.text)) note(n.text, `string ${at(n)}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(file);
  }
  // The browser bundles inline seedrandom's Alea generator (scripts/build-browser.ts).
  const alea = new Set(readFileSync(resolve(root, 'node_modules/seedrandom/lib/alea.js'), 'utf8').match(/[\w$]+/g));
  const names: string[] = [];
  const kept = new Map<string, string>();
  for (const name of [...privates].sort()) {
    const why = seen.get(name) ?? (alea.has(name) ? 'a word of seedrandom/lib/alea.js' : undefined);
    if (why) kept.set(name, why);
    else names.push(name);
  }
  return { names, kept };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { names, kept } = privateMemberNames();
  console.log(`private-names: ${names.length} to rename: ${names.join(' ')}`);
  console.log(`private-names: ${kept.size} kept:`);
  for (const [name, why] of kept) console.log(`  ${name} (${why})`);
}
