/**
 * The layout rules of DESIGN.md, checked on the source: src/dicom is a pure
 * core that imports nothing else from src/; a domain reaches another only
 * through its index.ts; named exports only (STYLE.md). Import cycles and
 * `any` are left to eslint (import-x/no-cycle, no-explicit-any).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

/** Every module specifier in a file: static and dynamic imports, `export … from`, type-only imports. */
function importSpecifiers(file: string): string[] {
  return ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((f) => f.fileName);
}

/** The source file a relative specifier names (`./x.js` → `x.ts`), or undefined for a package. */
function resolveRelative(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return resolve(dirname(from), specifier).replace(/\.js$/, '.ts');
}

/** `dicom` for src/dicom/…, undefined for top-level files such as src/errors.ts. */
function domainOf(file: string): string | undefined {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

function defaultExports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.TS,
  );
  const found: string[] = [];
  for (const statement of source.statements) {
    const line = source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
    if (ts.isExportAssignment(statement) && statement.isExportEquals !== true)
      found.push(`line ${line}: export default`);
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    if (modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) === true)
      found.push(`line ${line}: export default declaration`);
    if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause !== undefined &&
      ts.isNamedExports(statement.exportClause)
    ) {
      if (statement.exportClause.elements.some((e) => e.name.text === 'default'))
        found.push(`line ${line}: export { … as default }`);
    }
  }
  return found;
}

const FILES = sourceFiles(SRC);

describe('architecture', () => {
  it('finds the sources', () => {
    expect(FILES.length).toBeGreaterThan(5);
    expect(FILES.some((f) => f.includes(`${sep}dicom${sep}`))).toBe(true);
  });

  it('src/dicom imports nothing from src/ outside src/dicom', () => {
    const dicom = join(SRC, 'dicom') + sep;
    const offending = FILES.filter((f) => f.startsWith(dicom)).flatMap((file) =>
      importSpecifiers(file)
        .filter((specifier) => {
          const target = resolveRelative(file, specifier);
          return target !== undefined && !target.startsWith(dicom);
        })
        .map((specifier) => `${relative(ROOT, file)} imports '${specifier}'`),
    );
    expect(offending).toEqual([]);
  });

  it('src/nifti, a pure format like src/dicom, imports nothing but the error catalogue', () => {
    const nifti = join(SRC, 'nifti') + sep;
    const offending = FILES.filter((f) => f.startsWith(nifti)).flatMap((file) =>
      importSpecifiers(file)
        .filter((specifier) => {
          const target = resolveRelative(file, specifier);
          return (
            target !== undefined &&
            target.startsWith(SRC + sep) &&
            !target.startsWith(nifti) &&
            target !== join(SRC, 'errors.ts')
          );
        })
        .map((specifier) => `${relative(ROOT, file)} imports '${specifier}'`),
    );
    expect(FILES.some((f) => f.startsWith(nifti))).toBe(true);
    expect(offending).toEqual([]);
  });

  it('a domain uses another only through its index.ts', () => {
    const offending = FILES.flatMap((file) =>
      importSpecifiers(file)
        .map((specifier) => ({ specifier, target: resolveRelative(file, specifier) }))
        .filter(({ target }) => {
          if (target === undefined || !target.startsWith(SRC + sep)) return false;
          const domain = domainOf(target);
          return (
            domain !== undefined &&
            domain !== domainOf(file) &&
            target !== join(SRC, domain, 'index.ts')
          );
        })
        .map(({ specifier }) => `${relative(ROOT, file)} imports '${specifier}'`),
    );
    expect(offending).toEqual([]);
  });

  it('has no default exports in src/', () => {
    const offending = FILES.flatMap((file) =>
      defaultExports(file).map((where) => `${relative(ROOT, file)} ${where}`),
    );
    expect(offending).toEqual([]);
  });
});
