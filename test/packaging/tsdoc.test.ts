// An editor's hover should be enough to use the API: every export of the package's entries, and
// every member of each exported interface or type, carries TSDoc.
import { expect } from 'chai';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
/** The sources of the declaration files the package's entries point at (the add-ons' are alike). */
const ENTRIES = [
  'src/index.ts',
  'src/entries/kava.ts',
  'src/entries/overlay.ts',
  'src/entries/persist.ts',
  'src/entries/tizen.ts',
  'src/entries/webos.ts',
  'src/entries/hbbtv.ts',
];

describe('TSDoc of the public API', function () {
  this.timeout(60_000);

  it('documents every export of each entry and every member of the exported types', function () {
    const program = ts.createProgram(
      ENTRIES.map((e) => path.join(ROOT, e)),
      { strict: true, target: ts.ScriptTarget.ES5, lib: ['lib.es5.d.ts', 'lib.dom.d.ts'], noEmit: true }
    );
    const checker = program.getTypeChecker();
    const documented = (symbol: ts.Symbol) => symbol.getDocumentationComment(checker).length > 0;
    const ours = (symbol: ts.Symbol) => (symbol.declarations || []).some((d) => d.getSourceFile().fileName.indexOf(path.join(ROOT, 'src')) === 0);
    const missing = new Set<string>();
    for (const entry of ENTRIES) {
      const module = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, entry))!)!;
      for (const exported of checker.getExportsOfModule(module)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        if (!documented(symbol)) missing.add(entry + ': ' + exported.name);
        if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) continue;
        const type = checker.getDeclaredTypeOfSymbol(symbol);
        // a union's members (ProfileResult, SendOutcome) each with their own properties
        const parts = type.isUnion() ? type.types : [type];
        for (const part of parts)
          for (const member of part.getProperties()) if (ours(member) && !documented(member)) missing.add(exported.name + '.' + member.name);
      }
    }
    expect(Array.from(missing)).to.deep.equal([]);
  });
});
