import { ExtensionBundleProps, ExtensionImageProps } from '../src';
import { pgvector } from '../extensions/pgvector';

/** A definition file's content: overrides of pgvector's definition, or a bundle (with `components`); the name defaults to the file name. */
export type DefinitionOverrides = Partial<Record<keyof ExtensionImageProps | keyof ExtensionBundleProps, unknown>>;

/** A set of definition files that synthesis must reject, and the error it must raise. */
export interface BadDefinitionCase {
  readonly title: string;
  /** Definition files, by path (e.g. "extensions/a.ts"). */
  readonly files: Readonly<Record<string, DefinitionOverrides>>;
  readonly expect: { readonly file: string; readonly field: string; readonly rule: RegExp };
}

const A = 'extensions/a.ts';
const build = { distro: 'trixie', major: 18, packageVersion: '1.0-1', sqlVersion: '1.0' };
const withBuild = (overrides: Partial<typeof build>) => ({ versions: [{ ...build, ...overrides }] });

/** Characters that must never reach a shell, a Dockerfile, HCL or YAML from a structured field. */
const METACHARACTERS: ReadonlyArray<[string, string]> = [
  ['a newline', '\n'], ['a single quote', "'"], ['a double quote', '"'], ['command substitution', '$(id)'],
  ['backticks', '`id`'], ['a semicolon', ';'], ['a pipe', '|'], ['an ampersand', '&'], ['a space', ' '],
];

/** One case per metacharacter: file A with `inject(value)` for a value holding it, rejected naming `field` (or `field(value)`). */
function everyMetacharacter(what: string, field: string | ((value: string) => string), rule: RegExp, inject: (value: string) => DefinitionOverrides): BadDefinitionCase[] {
  return METACHARACTERS.map(([name, bad]) => {
    const value = `x${bad}y`;
    return { title: `${what} with ${name}`, files: { [A]: inject(value) }, expect: { file: A, field: typeof field === 'string' ? field : field(value), rule } };
  });
}

/** Each image path list, with ".." and with an absolute path. */
const PATH_LISTS = ['extensionControlPath', 'dynamicLibraryPath', 'ldLibraryPath', 'binPath'].flatMap((list): BadDefinitionCase[] => [
  { title: `${list} escaping the image with ".."`, files: { [A]: { [list]: ['lib', 'x/../../etc'] } }, expect: { file: A, field: `${list}[1]`, rule: /escapes the image/ } },
  { title: `${list} with an absolute path`, files: { [A]: { [list]: ['/usr/lib'] } }, expect: { file: A, field: `${list}[0]`, rule: /is absolute/ } },
]);

/** Each glob list, with ".." and with an absolute path. */
const GLOB_LISTS = ([
  ['files.lib', (g: string) => ({ lib: [g] })],
  ['files.extension', (g: string) => ({ extension: [g] })],
  ['files.bin', (g: string) => ({ bin: [g] })],
  ['files.share.doc', (g: string) => ({ share: { doc: [g] } })],
] as const).flatMap(([field, files]): BadDefinitionCase[] => [
  { title: `${field} escaping its directory with ".."`, files: { [A]: { files: files('../../../etc/shadow') } }, expect: { file: A, field: `${field}[0]`, rule: /escapes its directory/ } },
  { title: `${field} with an absolute glob`, files: { [A]: { files: files('/etc/*') } }, expect: { file: A, field: `${field}[0]`, rule: /is absolute/ } },
]);

/** Every name CloudNativePG reserves, or that starts with a reserved prefix. */
const RESERVED_ENV = ['CNPG_SECRET', 'PGDATA', 'PGHOST', 'POD_NAME', 'NAMESPACE', 'CLUSTER_NAME', 'PATH', 'LD_LIBRARY_PATH'].map((name): BadDefinitionCase => ({
  title: `the reserved env name ${name}`, files: { [A]: { env: { [name]: 'x' } } }, expect: { file: A, field: `env.${name}`, rule: /is reserved by CloudNativePG/ },
}));

/** Bundles in extensions/geo.ts, made of pgvector-like components. */
const GEO = 'extensions/geo.ts';
const component = (name: string, overrides: DefinitionOverrides = {}) => ({ ...pgvector, name, sqlName: name, ...overrides });
const bundle = (overrides: DefinitionOverrides) => ({ description: 'A bundle', homepage: 'https://example.com', components: [component('one'), component('two')], ...overrides });
const BUNDLES: BadDefinitionCase[] = [
  { title: 'a bundle of one extension', files: { [GEO]: bundle({ components: [component('one')] }) }, expect: { file: GEO, field: 'components', rule: /at least 2 extension definitions/ } },
  { title: 'a bundle whose components are not a list', files: { [GEO]: bundle({ components: 'one,two' }) }, expect: { file: GEO, field: 'components', rule: /at least 2/ } },
  {
    title: 'a bundle with a field of a single extension',
    files: { [GEO]: bundle({ versions: [build] }) },
    expect: { file: GEO, field: 'versions', rule: /is not a field of a bundle .*set it in the component/ },
  },
  {
    title: 'a bad field in a component, named under components[i]',
    files: { [GEO]: bundle({ components: [component('one'), component('two', { files: { lib: ['x;y'] } })] }) },
    expect: { file: GEO, field: 'components[1].files.lib[0]', rule: /shell metacharacters are not allowed/ },
  },
  {
    title: 'a bundle nested in a bundle',
    files: { [GEO]: bundle({ components: [bundle({ name: 'inner' }), component('two')] }) },
    expect: { file: GEO, field: 'components[0].(definition)', rule: /bundles do not nest/ },
  },
  {
    title: 'two components with one directory',
    files: { [GEO]: bundle({ components: [component('one'), component('one', { sqlName: 'uno' })] }) },
    expect: { file: GEO, field: 'components[1].name', rule: /"one" is declared twice.*own directory and build argument/ },
  },
  {
    title: 'two components whose directories differ only in "_" and "-"',
    files: { [GEO]: bundle({ components: [component('pg-x'), component('pg_x', { sqlName: 'pgx' })] }) },
    expect: { file: GEO, field: 'components[1].name', rule: /"pg_x" collides with "pg-x"/ },
  },
  {
    title: 'two components with one SQL name',
    files: { [GEO]: bundle({ components: [component('one'), component('two', { sqlName: 'one' })] }) },
    expect: { file: GEO, field: 'components[1].sqlName', rule: /"one" is also the SQL name of one; PostgreSQL would find only the first/ },
  },
  {
    title: 'a component listed before the component it requires',
    files: { [GEO]: bundle({ components: [component('one', { requiredExtensions: ['two'] }), component('two')] }) },
    expect: { file: GEO, field: 'components[0].requiredExtensions[0]', rule: /"two" is components\[1\]; list it before one/ },
  },
  {
    title: 'components that need different values of one parameter',
    files: { [GEO]: bundle({ components: [component('one', { postgresqlParameters: { wal_level: 'logical' } }), component('two', { postgresqlParameters: { wal_level: 'replica' } })] }) },
    expect: { file: GEO, field: 'components[1].postgresqlParameters.wal_level', rule: /two needs "replica", but an earlier component needs "logical"/ },
  },
  {
    title: 'components that set one variable differently',
    files: { [GEO]: bundle({ components: [component('one', { env: { DATA: '${image_root}/share' } }), component('two', { env: { DATA: '${image_root}/share' } })] }) },
    expect: { file: GEO, field: 'components[1].env.DATA', rule: /two sets it to "\$\{image_root\}\/two\/share", but an earlier component sets "\$\{image_root\}\/one\/share"/ },
  },
  {
    title: 'components that share no build',
    files: { [GEO]: bundle({ components: [component('one', withBuild({ distro: 'bookworm', packageVersion: '1.0-1' })), component('two', withBuild({}))] }) },
    expect: { file: GEO, field: 'components', rule: /share no \(distro, major\) build: one has bookworm\/18; two has trixie\/18/ },
  },
  {
    title: 'a bundle platform a component lacks',
    files: { [GEO]: bundle({ platforms: ['linux/arm64'], components: [component('one', { platforms: ['linux/amd64'] }), component('two')] }) },
    expect: { file: GEO, field: 'platforms[0]', rule: /"linux\/arm64" is not among the platforms of component one \(linux\/amd64\)/ },
  },
  {
    title: 'a bundle component requiring an extension not defined',
    files: { [GEO]: bundle({ components: [component('one'), component('two', { requiredExtensions: ['nope'] })] }) },
    expect: { file: GEO, field: 'components[1].requiredExtensions[0]', rule: /"nope" is not defined/ },
  },
];

const NAME_RULE = /must match/;
const PACKAGE_RULE = /not a Debian package name.*shell metacharacters are not allowed/;
const GLOB_RULE = /shell metacharacters are not allowed/;
const DEBIAN_VERSION_RULE = /is not a Debian version/;

export const BAD_DEFINITIONS: readonly BadDefinitionCase[] = [
  // names
  { title: 'an uppercase name', files: { 'extensions/PgX.ts': {} }, expect: { file: 'extensions/PgX.ts', field: 'name', rule: NAME_RULE } },
  { title: 'a name starting with "-"', files: { 'extensions/-pgx.ts': {} }, expect: { file: 'extensions/-pgx.ts', field: 'name', rule: NAME_RULE } },
  { title: 'a name ending with "-"', files: { 'extensions/pgx-.ts': {} }, expect: { file: 'extensions/pgx-.ts', field: 'name', rule: NAME_RULE } },
  { title: 'a name starting with "_"', files: { 'extensions/_pgx.ts': {} }, expect: { file: 'extensions/_pgx.ts', field: 'name', rule: NAME_RULE } },
  { title: 'a name ending with "_"', files: { 'extensions/pgx_.ts': {} }, expect: { file: 'extensions/pgx_.ts', field: 'name', rule: NAME_RULE } },
  { title: 'a name of 60 characters', files: { [`extensions/${'a'.repeat(60)}.ts`]: {} }, expect: { file: `extensions/${'a'.repeat(60)}.ts`, field: 'name', rule: /60 characters long; at most 59/ } },
  { title: 'an empty name', files: { [A]: { name: '' } }, expect: { file: A, field: 'name', rule: /is required and must be a string/ } },
  { title: 'a name that is not a string', files: { [A]: { name: 42 } }, expect: { file: A, field: 'name', rule: /is required and must be a string/ } },
  ...everyMetacharacter('a name', 'name', NAME_RULE, (name) => ({ name })),
  { title: 'a name that is not its file name', files: { [A]: { name: 'b' } }, expect: { file: A, field: 'name', rule: /"b" must equal the file name "a"/ } },
  { title: 'the name of the default bake group', files: { 'extensions/default.ts': {} }, expect: { file: 'extensions/default.ts', field: 'name', rule: /reserved \(bake group\)/ } },
  {
    title: 'names colliding once "_" becomes "-"',
    files: { 'extensions/pg-x.ts': {}, 'extensions/pg_x.ts': {} },
    expect: { file: 'extensions/pg_x.ts', field: 'name', rule: /"pg_x" collides with "pg-x": both become volume "ext-pg-x".*extensions\/pg-x\.ts/ },
  },
  {
    title: 'the same name in two files',
    files: { 'extensions/a.ts': {}, 'more/a.ts': { imageName: 'a2' } },
    expect: { file: 'more/a.ts', field: 'name', rule: /"a" is declared twice/ },
  },
  // other identifiers
  ...everyMetacharacter('sqlName', 'sqlName', /must match/, (bad) => ({ sqlName: bad })),
  { title: 'a sqlName PostgreSQL would truncate', files: { [A]: { sqlName: 'v'.repeat(64) } }, expect: { file: A, field: 'sqlName', rule: /64 characters long; PostgreSQL truncates names after 63/ } },
  ...everyMetacharacter('imageName', 'imageName', /not a valid image repository name/, (bad) => ({ imageName: bad })),
  { title: 'an uppercase imageName', files: { [A]: { imageName: 'PgX' } }, expect: { file: A, field: 'imageName', rule: /not a valid image repository name/ } },
  { title: 'two images with one imageName', files: { [A]: { imageName: 'x' }, 'extensions/b.ts': { imageName: 'x' } }, expect: { file: A, field: 'imageName', rule: /"x" is also the image name of b \(extensions\/b\.ts\)/ } },
  // free text (description, parameter and env values, smokeTest.expected): quotes and shell metacharacters are
  // accepted and escaped where rendered (test/property.test.ts); line breaks and control characters are not
  { title: 'a description with a newline', files: { [A]: { description: 'one\ntwo' } }, expect: { file: A, field: 'description', rule: /must be one line/ } },
  { title: 'a description with a carriage return', files: { [A]: { description: 'one\rtwo' } }, expect: { file: A, field: 'description', rule: /must be one line/ } },
  { title: 'a description with NEL (U+0085), a line break in YAML 1.1', files: { [A]: { description: 'one\u0085two' } }, expect: { file: A, field: 'description', rule: /must be one line/ } },
  { title: 'a description with LINE SEPARATOR (U+2028)', files: { [A]: { description: 'one\u2028two' } }, expect: { file: A, field: 'description', rule: /must be one line/ } },
  { title: 'a description not in Unicode NFC, which HCL would change', files: { [A]: { description: 'cafe\u0301' } }, expect: { file: A, field: 'description', rule: /Normalization Form C/ } },
  { title: 'a blank description', files: { [A]: { description: '  ' } }, expect: { file: A, field: 'description', rule: /is required/ } },
  ...everyMetacharacter('homepage', 'homepage', /must be an https URL/, (bad) => ({ homepage: `https://example.com/${bad}` })),
  { title: 'a plain-http homepage', files: { [A]: { homepage: 'http://example.com' } }, expect: { file: A, field: 'homepage', rule: /must be an https URL/ } },
  // packages and licenses
  ...everyMetacharacter('a package', 'packages[1]', PACKAGE_RULE, (bad) => ({ packages: ['postgresql-{major}-x', `postgresql-{major}-${bad}`] })),
  { title: 'an unknown placeholder in a package', files: { [A]: { packages: ['postgresql-{pg}-x'] } }, expect: { file: A, field: 'packages[0]', rule: PACKAGE_RULE } },
  { title: 'no packages', files: { [A]: { packages: [] } }, expect: { file: A, field: 'packages', rule: /must not be empty/ } },
  { title: 'a package listed twice', files: { [A]: { packages: ['x1', 'x1'] } }, expect: { file: A, field: 'packages[1]', rule: /listed twice/ } },
  { title: 'no licenses', files: { [A]: { licenses: [] } }, expect: { file: A, field: 'licenses', rule: /must not be empty/ } },
  ...everyMetacharacter('a license', 'licenses[0]', /not an SPDX license identifier/, (bad) => ({ licenses: [bad] })),
  // files
  ...GLOB_LISTS,
  ...everyMetacharacter('a lib glob', 'files.lib[0]', GLOB_RULE, (bad) => ({ files: { lib: [bad] } })),
  ...everyMetacharacter('a bin glob', 'files.bin[0]', GLOB_RULE, (bad) => ({ files: { bin: [`pg_${bad}`] } })),
  ...everyMetacharacter('an extension glob', 'files.extension[0]', GLOB_RULE, (bad) => ({ files: { extension: [`vector${bad}.sql`] } })),
  ...everyMetacharacter('a share glob', 'files.share.doc[0]', GLOB_RULE, (bad) => ({ files: { share: { doc: [`doc/${bad}`] } } })),
  { title: 'a share directory escaping /share', files: { [A]: { files: { lib: ['x.so'], share: { '../../etc': ['x'] } } } }, expect: { file: A, field: 'files.share.../../etc', rule: /escapes the image/ } },
  { title: 'an absolute share directory', files: { [A]: { files: { lib: ['x.so'], share: { '/etc': ['x'] } } } }, expect: { file: A, field: 'files.share./etc', rule: /is absolute/ } },
  { title: 'a share directory with a space', files: { [A]: { files: { lib: ['x.so'], share: { 'a b': ['x'] } } } }, expect: { file: A, field: 'files.share.a b', rule: /may hold only/ } },
  { title: 'files.share.extension', files: { [A]: { files: { share: { extension: ['x'] } } } }, expect: { file: A, field: 'files.share.extension', rule: /use files\.extension/ } },
  { title: 'files selecting nothing', files: { [A]: { files: { lib: [], share: { doc: [] } } } }, expect: { file: A, field: 'files', rule: /selects no files/ } },
  // paths inside the image
  ...PATH_LISTS,
  ...everyMetacharacter('an ldLibraryPath entry', 'ldLibraryPath[0]', /may hold only/, (bad) => ({ ldLibraryPath: [bad] })),
  { title: 'an empty path list', files: { [A]: { binPath: [] } }, expect: { file: A, field: 'binPath', rule: /must be a non-empty list/ } },
  { title: 'a path listed twice', files: { [A]: { dynamicLibraryPath: ['lib', 'lib'] } }, expect: { file: A, field: 'dynamicLibraryPath[1]', rule: /listed twice/ } },
  // PostgreSQL settings
  ...everyMetacharacter('a shared preload library', 'sharedPreloadLibraries[0]', /not a library name/, (bad) => ({ sharedPreloadLibraries: [bad] })),
  { title: 'a comma in a shared preload library', files: { [A]: { sharedPreloadLibraries: ['a,b'] } }, expect: { file: A, field: 'sharedPreloadLibraries[0]', rule: /not a library name/ } },
  ...everyMetacharacter('a parameter name', (name) => `postgresqlParameters.${name}`, /not a PostgreSQL parameter name/, (name) => ({ postgresqlParameters: { [name]: 'on' } })),
  { title: 'a parameter value with a newline', files: { [A]: { postgresqlParameters: { 'x.y': 'on\noff' } } }, expect: { file: A, field: 'postgresqlParameters.x.y', rule: /must be one line/ } },
  { title: 'a parameter value that is not a string', files: { [A]: { postgresqlParameters: { 'x.y': 1 } } }, expect: { file: A, field: 'postgresqlParameters.x.y', rule: /must be a string/ } },
  // environment
  ...RESERVED_ENV,
  ...everyMetacharacter('an env name', 'env[0]', /not a valid environment variable name/, (bad) => ({ env: { [bad]: 'x' } })),
  { title: 'an env value with a newline', files: { [A]: { env: { X: 'a\nb' } } }, expect: { file: A, field: 'env.X', rule: /must not contain newlines/ } },
  { title: 'an env value with NEL (U+0085)', files: { [A]: { env: { X: 'a\u0085b' } } }, expect: { file: A, field: 'env.X', rule: /must not contain newlines/ } },
  { title: 'an env value with an unknown placeholder', files: { [A]: { env: { X: '${image_root}/${HOME}' } } }, expect: { file: A, field: 'env.X', rule: /unknown placeholder "\$\{HOME\}"/ } },
  { title: 'an env value that is not a string', files: { [A]: { env: { X: 1 } } }, expect: { file: A, field: 'env.X', rule: /must be a string/ } },
  // platforms
  ...everyMetacharacter('a platform', 'platforms[0]', /not a platform/, (bad) => ({ platforms: [`linux/${bad}`] })),
  { title: 'no platforms', files: { [A]: { platforms: [] } }, expect: { file: A, field: 'platforms', rule: /must not be empty/ } },
  // versions
  ...everyMetacharacter('a distro', 'versions[0].distro', /not a distro name/, (bad) => withBuild({ distro: `trixie${bad}` })),
  ...everyMetacharacter('a package version', 'versions[0].packageVersion', DEBIAN_VERSION_RULE, (bad) => withBuild({ packageVersion: `1.0-1${bad}` })),
  ...everyMetacharacter('a SQL version', 'versions[0].sqlVersion', /not an extension version/, (bad) => withBuild({ sqlVersion: `1.0${bad}` })),
  ...['v1.0-1', '1.0-', '-1', '1:', 'a:1.0-1', '1.0_1-1', '1.0-1_1', ':1.0', '1:1:1.0-1', '1.0-1-', ''].map((packageVersion): BadDefinitionCase => ({
    title: `the package version "${packageVersion}"`, files: { [A]: withBuild({ packageVersion }) }, expect: { file: A, field: 'versions[0].packageVersion', rule: /is not a Debian version|is required/ },
  })),
  { title: 'a package version too long for an image tag', files: { [A]: withBuild({ packageVersion: `1.${'0'.repeat(70)}-1` }) }, expect: { file: A, field: 'versions[0].packageVersion', rule: /longer than 64 characters/ } },
  { title: 'a build with no package version', files: { [A]: { versions: [{ distro: 'trixie', major: 18, sqlVersion: '1' }] } }, expect: { file: A, field: 'versions[0].packageVersion', rule: /trixie\/18 is declared with no package version/ } },
  { title: 'a duplicate distro/major pair', files: { [A]: { versions: [build, { ...build, packageVersion: '1.0-2' }] } }, expect: { file: A, field: 'versions[1]', rule: /trixie\/18 is declared twice/ } },
  { title: 'a SQL version that disagrees with the package version', files: { [A]: withBuild({ sqlVersion: '1.1' }) }, expect: { file: A, field: 'versions[0].sqlVersion', rule: /"1\.1" disagrees with package version 1\.0-1, which gives SQL version "1\.0"/ } },
  { title: 'a sqlVersionPattern that does not match', files: { [A]: { sqlVersionPattern: '^v\\d+' } }, expect: { file: A, field: 'versions[0].packageVersion', rule: /does not match sqlVersionPattern/ } },
  { title: 'a sqlVersionPattern that is no regular expression', files: { [A]: { sqlVersionPattern: '(' } }, expect: { file: A, field: 'sqlVersionPattern', rule: /is not a regular expression/ } },
  { title: 'a major before 18', files: { [A]: withBuild({ major: 17 }) }, expect: { file: A, field: 'versions[0].major', rule: /18 or later/ } },
  { title: 'a distro not in the operand catalog', files: { [A]: withBuild({ distro: 'bullseye' }) }, expect: { file: A, field: 'versions[distro=bullseye, major=18].distro', rule: /not in the operand catalog \(bookworm, trixie\)/ } },
  { title: 'a major not in the operand catalog', files: { [A]: withBuild({ major: 19 }) }, expect: { file: A, field: 'versions[distro=trixie, major=19].major', rule: /PostgreSQL 19 is not in the trixie operand catalog/ } },
  { title: 'no versions', files: { [A]: { versions: [] } }, expect: { file: A, field: 'versions', rule: /at least one/ } },
  // smoke test
  { title: 'a smoke test expecting two lines', files: { [A]: { smokeTest: { sql: 'SELECT 1', expected: '1\n2' } } }, expect: { file: A, field: 'smokeTest.expected', rule: /must be one line/ } },
  { title: 'a smoke test that is null', files: { [A]: { smokeTest: null } }, expect: { file: A, field: 'smokeTest', rule: /must be \{ sql, expected \}/ } },
  { title: 'a smoke test with no SQL', files: { [A]: { smokeTest: { sql: ' ', expected: '1' } } }, expect: { file: A, field: 'smokeTest.sql', rule: /must be a SQL statement/ } },
  // required extensions
  { title: 'a required extension that does not exist', files: { [A]: { requiredExtensions: ['nope'] } }, expect: { file: A, field: 'requiredExtensions[0]', rule: /"nope" is not defined/ } },
  { title: 'a required extension with an invalid name', files: { [A]: { requiredExtensions: ['No;pe'] } }, expect: { file: A, field: 'requiredExtensions[0]', rule: NAME_RULE } },
  { title: 'an extension requiring itself', files: { [A]: { requiredExtensions: ['a'] } }, expect: { file: A, field: 'requiredExtensions[0]', rule: /cannot require itself/ } },
  {
    title: 'a required extension lacking a build',
    files: { [A]: { requiredExtensions: ['b'] }, 'extensions/b.ts': { versions: [build] } },
    expect: { file: A, field: 'requiredExtensions[0]', rule: /"b" has no build for bookworm\/18/ },
  },
  {
    title: 'a 2-cycle of required extensions',
    files: { [A]: { requiredExtensions: ['b'] }, 'extensions/b.ts': { requiredExtensions: ['a'] } },
    expect: { file: A, field: 'requiredExtensions', rule: /cycle: a -> b -> a$/ },
  },
  {
    title: 'a 3-cycle of required extensions',
    files: { [A]: { requiredExtensions: ['b'] }, 'extensions/b.ts': { requiredExtensions: ['c'] }, 'extensions/c.ts': { requiredExtensions: ['a'] } },
    expect: { file: A, field: 'requiredExtensions', rule: /cycle: a -> b -> c -> a$/ },
  },
  {
    title: 'a cycle not reachable from the first extension',
    files: { [A]: {}, 'extensions/b.ts': { requiredExtensions: ['c'] }, 'extensions/c.ts': { requiredExtensions: ['b'] } },
    expect: { file: 'extensions/b.ts', field: 'requiredExtensions', rule: /cycle: b -> c -> b$/ },
  },
  { title: 'a database name parameter that is no parameter name', files: { [A]: { databaseNameParameters: ['cron database'] } }, expect: { file: A, field: 'databaseNameParameters[0]', rule: /not a PostgreSQL parameter name/ } },
  {
    title: 'a database name parameter also given a fixed value',
    files: { [A]: { databaseNameParameters: ['cron.database_name'], postgresqlParameters: { 'cron.database_name': 'postgres' } } },
    expect: { file: A, field: 'databaseNameParameters[0]', rule: /also in postgresqlParameters/ },
  },
  // bundles
  ...BUNDLES,
  // types
  { title: 'createExtension that is not a boolean', files: { [A]: { createExtension: 'no' } }, expect: { file: A, field: 'createExtension', rule: /must be true or false/ } },
  { title: 'env that is a list', files: { [A]: { env: ['X=1'] } }, expect: { file: A, field: 'env', rule: /must map variable names to values/ } },
];
