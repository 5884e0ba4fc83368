import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { checkPythonParses, docsFromStage, staleFiles } from '../scripts/jsii/docgen';
import { PYTHON_MARKERS, PYTHON_SECTION, readmeExamples, readmeForRosetta } from '../scripts/jsii/readme-examples';
import { extractExamples } from '../scripts/jsii/rosetta';
import { ROOT, stageJsii } from '../scripts/jsii/stage';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/**
 * tsc over `files` (absolute path -> text) that exist only in memory, beside
 * the repository's real files; `cnpg-extensions-cdk` and its subpaths resolve
 * to the sources. Returns the errors in those files.
 */
function compileInMemory(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2020,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: {
      'cnpg-extensions-cdk': ['src/index.ts'],
      'cnpg-extensions-cdk/extensions': ['extensions/index.ts'],
      'cnpg-extensions-cdk/projen': ['src/projen.ts'],
    },
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => f in files || fileExists.call(host, f);
  host.readFile = (f) => files[f] ?? readFile.call(host, f);
  host.getSourceFile = (f, version, ...rest) =>
    (f in files ? ts.createSourceFile(f, files[f], version) : getSourceFile.call(host, f, version, ...rest));
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file && d.file.fileName in files)
    .map((d) => `${path.relative(ROOT, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('README examples', () => {
  const examples = readmeExamples(README);
  const skipped = examples.filter((e) => e.skipReason !== undefined);

  test('the examples kept from rosetta are the definition files and the tooling, each with its reason', () => {
    expect(skipped.map((e) => e.section)).toEqual(['## Add an extension', '### Several extensions in one image', '### Run an extension repository of your own']);
    for (const example of skipped) expect(example.skipReason!.length).toBeGreaterThan(20);
    // Everything else, the examples of a user's app, goes to rosetta.
    expect(examples.length - skipped.length).toBeGreaterThanOrEqual(3);
  });

  test('the assembly\'s README fences only the skipped examples as text, line for line', () => {
    const staged = readmeForRosetta(README);
    expect(staged.split('\n')).toHaveLength(README.split('\n').length);
    expect(readmeExamples(staged).map((e) => e.line)).toEqual(examples.filter((e) => e.skipReason === undefined).map((e) => e.line));
  });

  test('the skipped examples compile with tsc where they belong: definitions in extensions/, the tooling in a projen app', () => {
    const files: Record<string, string> = {};
    for (const example of skipped) {
      const dir = example.source.includes("from '../src'") ? path.join(ROOT, 'extensions') : ROOT;
      files[path.join(dir, `readme-example-L${example.line}.ts`)] = example.source;
    }
    expect(compileInMemory(files)).toEqual([]);
    // The check can fail: the same examples with a misspelt field do not compile.
    const broken = Object.fromEntries(Object.entries(files).map(([f, text]) => [f, text.replace('homepage:', 'homepagee:')]));
    expect(compileInMemory(broken).join('\n')).toMatch(/homepagee/);
  }, 120_000);

  test('the Python block holds only Python that parses, one fence per example of the section', () => {
    const block = README.slice(README.indexOf(PYTHON_MARKERS.start), README.indexOf(PYTHON_MARKERS.end));
    const fences = [...block.matchAll(/```python\n([\s\S]*?)\n```/g)].map((m) => m[1]);
    expect(fences).toHaveLength(examples.filter((e) => e.section === PYTHON_SECTION && e.skipReason === undefined).length);
    expect(fences.join('\n')).toContain('PackagedExtensions.image("pgvector")');
    fences.forEach((source, i) => checkPythonParses(source, `README.md: Python example ${i + 1}`));
    expect(() => checkPythonParses('def broken(:\n', 'a broken example')).toThrow('a broken example: the Python translation does not parse');
  });
});

describe('docgen: API.md, API.python.md and the README\'s Python from one jsii stage', () => {
  let root: string;
  let stage: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'docgen-test-'));
    stage = path.join(root, 'package');
    fs.mkdirSync(stage);
    const jsii = stageJsii(stage);
    if (jsii.status !== 0) throw new Error(jsii.output);
  }, 180_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('the committed files are what jsii-docgen and jsii-rosetta (strict) generate now', () => {
    // On failure: run `npx projen docgen` and commit what it writes.
    expect(staleFiles(docsFromStage(stage))).toEqual([]);
  }, 180_000);

  test('rosetta is strict: a README example that does not compile fails', () => {
    const assemblyFile = path.join(stage, '.jsii');
    const assembly = JSON.parse(fs.readFileSync(assemblyFile, 'utf8'));
    assembly.readme.markdown += "\n```ts\nimport { ClusterExtension } from 'cnpg-extensions-cdk';\nClusterExtension.noSuchMethod();\n```\n";
    fs.writeFileSync(assemblyFile, JSON.stringify(assembly));
    expect(() => extractExamples(stage)).toThrow(/a README example does not compile[\s\S]*noSuchMethod/);
  }, 120_000);
});
