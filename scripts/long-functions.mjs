// Lists the functions of packages/*/src longer than a number of lines (default 100), longest first, as
// `<lines> <file>:<line> <name>`: the issue #20 rule is that none should be, generated tables aside.
//
//   node scripts/long-functions.mjs             # list them (exit 0)
//   node scripts/long-functions.mjs --max 80    # another threshold
//   node scripts/long-functions.mjs --fail      # exit 1 when any is listed (for CI)
//
// Counts the lines of a function's body (declarations, methods, arrow functions and function expressions) of the
// files git tracks, parsed with the repository's `typescript`.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max');
const max = maxAt >= 0 ? Number(args[maxAt + 1]) : 100;
if (!(max > 0)) throw new Error(`--max must be a positive number, got ${args[maxAt + 1]}`);

const files = execSync("git ls-files 'packages/*/src/**.ts' 'packages/*/src/*.ts'", { encoding: 'utf8' })
  .trim()
  .split('\n')
  .filter(Boolean);
const out = [];
for (const f of files) {
  const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (n) => {
    const isFunction =
      ts.isFunctionDeclaration(n) ||
      ts.isMethodDeclaration(n) ||
      ts.isArrowFunction(n) ||
      ts.isFunctionExpression(n) ||
      ts.isConstructorDeclaration(n);
    if (isFunction && n.body) {
      const a = sf.getLineAndCharacterOfPosition(n.body.getStart()).line;
      const b = sf.getLineAndCharacterOfPosition(n.body.getEnd()).line;
      const name =
        n.name?.getText?.() ??
        (ts.isVariableDeclaration(n.parent) || ts.isPropertyAssignment(n.parent)
          ? n.parent.name.getText()
          : '<anonymous>');
      if (b - a + 1 > max) out.push([b - a + 1, `${f}:${a + 1} ${name}`]);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
out.sort((x, y) => y[0] - x[0]);
for (const [n, s] of out) console.log(n, s);
if (args.includes('--fail') && out.length > 0) process.exit(1);
