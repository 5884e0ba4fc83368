import { loadESLint } from 'eslint';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import { ROOT, imageOf, syntheticLock } from './fixtures';
import { inferVersions, sqlVersionPatternFor } from '../scripts/scaffold/build-versions';
import { licensesOfCopyright } from '../scripts/scaffold/copyright-licenses';
import { parseDeb822 } from '../scripts/scaffold/deb822';
import { exportNameOf, renderDefinitionSource, stringLiteral } from '../scripts/scaffold/definition-source';
import { dynamicSymbolsOf, isElf, neededLibrariesOf } from '../scripts/scaffold/elf-dynamic';
import { parseExtensionControl } from '../scripts/scaffold/extension-control';
import { inferDefinition } from '../scripts/scaffold/infer-definition';
import { exceptionsAwaitingReview } from '../scripts/scaffold/license-exceptions';
import { licensesInText } from '../scripts/scaffold/license-text';
import { extensionGlobs, globOfName, sortPackageContents } from '../scripts/scaffold/package-contents';
import { PackageFacts } from '../scripts/scaffold/package-facts';
import { extensionNameOf, packageTemplateOf } from '../scripts/scaffold/package-name';
import { docsAskForPreload, preloadVerdict } from '../scripts/scaffold/shared-preload';
import { licenseRefOf, spdxOfDebianName } from '../scripts/scaffold/spdx-license';
import { loadsFromLibdir } from '../scripts/scaffold/sql-scripts';
import { librariesOutsideOperand } from '../scripts/scaffold/system-libraries';
import { CNCF_ALLOWED_LICENSES, ExtensionImageProps } from '../src';
import { checkLicensePolicy } from '../src/model/license-policy';

/** Who the scaffolded test definitions name as their maintainers. */
const OWNERS = ['@example-org/extension-maintainers'];

const POSTGRESQL_LICENSE_TEXT = `Permission to use, copy, modify, and distribute this software and its
documentation for any purpose, without fee, and without a written agreement is
hereby granted, provided that the above copyright notice and this paragraph
and the following two paragraphs appear in all copies.`;

const BSD_3_CLAUSE_TEXT = `Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:
    * Neither the name of the authors nor the names of its contributors may
      be used to endorse or promote products derived from this software
      without specific prior written permission.`;

/** Indents a license text as a DEP-5 field continuation, with " ." for empty lines. */
const continuation = (text: string) => text.split('\n').map((l) => (l.trim() === '' ? ' .' : ` ${l}`)).join('\n');


describe('deb822 paragraphs', () => {
  test('reads fields case-insensitively, with continuation lines and " ." as an empty line', () => {
    const [control, second] = parseDeb822([
      'Package: postgresql-18-cron',
      'Version: 1.6.8-1',
      '# a comment',
      'Description: Run periodic jobs in PostgreSQL',
      ' pg_cron is a simple cron-based job scheduler.',
      ' .',
      ' It runs inside the database.',
      '',
      '',
      'files:',
      ' *',
    ].join('\n'));
    expect(control.get('package')).toBe('postgresql-18-cron');
    expect(control.get('description')).toBe('Run periodic jobs in PostgreSQL\npg_cron is a simple cron-based job scheduler.\n\nIt runs inside the database.');
    expect(control.has('# a comment')).toBe(false);
    expect(second.get('files')).toBe('\n*');
  });
});

describe('extension control files', () => {
  test('reads quoted and bare values, with comments, escapes and "requires" lists', () => {
    expect(parseExtensionControl([
      '# pg_cron extension',
      "comment = 'Job scheduler for PostgreSQL' # trailing comment",
      "default_version = '1.6'",
      "module_pathname = '$libdir/pg_cron'",
      'relocatable = false',
      "requires = 'plpgsql,  cube ,earthdistance'",
    ].join('\n'))).toEqual({ defaultVersion: '1.6', modulePathname: '$libdir/pg_cron', requires: ['plpgsql', 'cube', 'earthdistance'] });
  });

  test('handles doubled and escaped quotes, bare words, a missing "=" and later settings winning', () => {
    const control = parseExtensionControl("default_version 0.1\nDEFAULT_VERSION = 2.4\nmodule_pathname = 'it''s \\'here\\''");
    expect(control).toEqual({ defaultVersion: '2.4', modulePathname: "it's 'here'", requires: [] });
    expect(parseExtensionControl("default_version = 'unterminated").defaultVersion).toBeUndefined();
  });
});

describe('package contents', () => {
  const paths = [
    'usr/include/postgresql/18/server/extension/ip4r/ipr.h',
    'usr/lib/postgresql/18/bin/pg_repack',
    'usr/lib/postgresql/18/lib/bitcode/pg_repack/repack.bc',
    'usr/lib/postgresql/18/lib/bitcode/pg_repack.index.bc',
    'usr/lib/postgresql/18/lib/pg_repack.so',
    'usr/share/doc/postgresql-18-repack/README.md.gz',
    'usr/share/doc/postgresql-18-repack/changelog.Debian.gz',
    'usr/share/doc/postgresql-18-repack/copyright',
    'usr/share/man/man1/pg_repack.1.gz',
    'usr/share/postgresql/18/contrib/repack-1.5/uninstall.sql',
    'usr/share/postgresql/18/extension/pg_repack--1.5.3.sql',
    'usr/share/postgresql/18/extension/pg_repack--1.5.2--1.5.3.sql',
    'usr/share/postgresql/18/extension/pg_repack.control',
    'usr/share/proj/proj.db',
  ];

  test('selects lib without bitcode, extension, bin and share globs; leaves docs out and reports the rest', () => {
    const contents = sortPackageContents(paths, 18);
    expect(contents.files).toEqual({
      lib: ['pg_repack.so'],
      extension: ['pg_repack.control', 'pg_repack--*.sql'],
      bin: ['pg_repack'],
      share: { contrib: ['postgresql/{major}/contrib/*'], proj: ['proj/*'] },
    });
    expect(contents.controlFiles).toEqual(['usr/share/postgresql/18/extension/pg_repack.control']);
    expect(contents.sqlScripts).toHaveLength(2);
    expect(contents.libraries).toEqual(['usr/lib/postgresql/18/lib/pg_repack.so']);
    expect(contents.docs).toEqual(['usr/share/doc/postgresql-18-repack/README.md.gz']);
    expect(contents.notCopied).toEqual(['usr/include/postgresql/18/server/extension/ip4r']);
  });

  test('groups scripts and secondary control files per extension and names leftovers', () => {
    expect(extensionGlobs([
      'h3--4.0.sql', 'h3.control', 'h3_postgis--4.0.sql', 'h3_postgis.control', 'h3_postgis--4.0.control', 'semver.sql', 'odd name.txt',
    ])).toEqual(['h3.control', 'h3--*.sql', 'h3_postgis.control', 'h3_postgis--*.sql', 'h3_postgis--*.control', 'semver.sql', 'odd?name.txt']);
    expect(globOfName('a$(id)`x`.so')).toBe('a??id??x?.so');
  });
});

describe('licenses', () => {
  test.each([
    ['PostgreSQL', 'PostgreSQL'], ['BSD-3-clause', 'BSD-3-Clause'], ['bsd-2-clause', 'BSD-2-Clause'], ['Expat', 'MIT'], ['MIT', 'MIT'],
    ['ISC', 'ISC'], ['Apache-2.0', 'Apache-2.0'], ['Zlib', 'Zlib'], ['GPL-2+', 'GPL-2.0-or-later'], ['GPL-2', 'GPL-2.0-only'],
    ['LGPL-2.1+', 'LGPL-2.1-or-later'], ['AGPL-3', 'AGPL-3.0-only'], ['MPL-2.0', 'MPL-2.0'], ['Artistic', 'Artistic-1.0-Perl'],
  ])('maps the Debian name %s to SPDX %s', (debian, spdx) => {
    expect(spdxOfDebianName(debian)).toBe(spdx);
  });

  test('leaves unknown names to a LicenseRef', () => {
    expect(spdxOfDebianName('citus')).toBeUndefined();
    expect(licenseRefOf('public-domain')).toBe('LicenseRef-public-domain');
    expect(licenseRefOf('Vixie cron!')).toBe('LicenseRef-Vixie-cron');
  });

  test('recognizes license texts, telling the BSD variants apart', () => {
    expect(licensesInText(POSTGRESQL_LICENSE_TEXT)).toEqual(['PostgreSQL']);
    expect(licensesInText(BSD_3_CLAUSE_TEXT)).toEqual(['BSD-3-Clause']);
    expect(licensesInText('Redistribution and use in source and binary forms, with or without modification, are permitted')).toEqual(['BSD-2-Clause']);
    expect(licensesInText('Permission is hereby granted, free of charge, to any person obtaining a copy')).toEqual(['MIT']);
    expect(licensesInText('All rights reserved.')).toEqual([]);
  });

  test('recognizes the GNU GPL grants of free-form copyright files, and the older ISC wording', () => {
    // The grants of postgresql-18-asn1oid's and postgresql-18-debversion's debian/copyright (sid), which are not DEP-5.
    expect(licensesInText(`it under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.`)).toEqual(['GPL-3.0-or-later']);
    expect(licensesInText('under the terms of the GNU General Public License, version 3 or later: ... either version 3 of the License, or (at your option) any later version.'))
      .toEqual(['GPL-3.0-or-later']);
    expect(licensesInText('GNU General Public License ... version 2 of the License, or (at your option) any later version')).toEqual(['GPL-2.0-or-later']);
    // The Lesser GPL is not the GPL, and a grant without "any later version" is not "or-later".
    expect(licensesInText('GNU Lesser General Public License ... version 3 of the License, or (at your option) any later version')).toEqual([]);
    expect(licensesInText('GNU General Public License version 3 as published by the Free Software Foundation')).toEqual([]);
    // postgresql-18-pgtt's "Darold" license text: ISC's older wording.
    expect(licensesInText('Permission to use, copy, modify, and distribute this software for any purpose with or without fee is hereby granted'))
      .toEqual(['ISC']);
  });

  test('reads the "Files: *" license of a DEP-5 file and ignores the packaging\'s', () => {
    const found = licensesOfCopyright([
      'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
      'Upstream-Name: pg-semver',
      '',
      'Files:',
      ' *',
      'Copyright: 2010-2020 The pg-semver Maintainers',
      'License: PostgreSQL',
      '',
      'Files: debian/*',
      'License: Apache-2.0',
      '',
      'License: PostgreSQL',
      continuation(POSTGRESQL_LICENSE_TEXT),
    ].join('\n'));
    expect(found).toEqual({ licenses: ['PostgreSQL'], source: 'debian/copyright, "Files: *": License: PostgreSQL', review: [] });
  });

  test('reads a license of its own name by its text, and reports other files\' licenses', () => {
    const found = licensesOfCopyright([
      'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
      '',
      'Files: *',
      'License: citus',
      continuation(POSTGRESQL_LICENSE_TEXT),
      '',
      'Files: src/entry.c src/misc.c',
      'License: cron',
      ' Distribute freely, except: do not remove my name.',
    ].join('\n'));
    expect(found.licenses).toEqual(['PostgreSQL']);
    expect(found.review).toEqual([
      'licenses: "citus" is no Debian license name; its text reads as PostgreSQL, which the definition declares',
      'licenses: debian/copyright also names "cron" (src/entry.c …); check whether the image ships those files',
    ]);
  });

  test('maps every name of an expression, and flags choices, exceptions and unknown names', () => {
    const found = licensesOfCopyright('Format: https://dep-team.pages.debian.net/deps/dep5/\n\nFiles: *\nLicense: GPL-2+ or Expat, and snakeoil with OpenSSL exception\n');
    expect(found.licenses).toEqual(['GPL-2.0-or-later', 'MIT', 'LicenseRef-snakeoil']);
    expect(found.review).toEqual([
      expect.stringMatching(/"snakeoil" is no license this tool knows; declared as LicenseRef-snakeoil/),
      expect.stringMatching(/offers a choice/),
      expect.stringMatching(/grants an exception/),
    ]);
  });

  test('recognizes the text of a copyright file that is not machine-readable, or says it cannot', () => {
    expect(licensesOfCopyright(`Copyright (c) 2012, The Reorg Development Team\n\n${BSD_3_CLAUSE_TEXT}`)).toEqual({
      licenses: ['BSD-3-Clause'],
      source: 'debian/copyright is not machine-readable (DEP-5); recognized from its text',
      review: ['licenses: debian/copyright is not machine-readable (DEP-5); BSD-3-Clause recognized from its text'],
    });
    expect(licensesOfCopyright('Copyright 1988 by Paul Vixie\nDistribute freely.').licenses).toEqual(['LicenseRef-unknown']);
  });

  test('gives each license off the allowlist an exception that asks for review and satisfies the policy', () => {
    const licenses = ['PostgreSQL', 'GPL-2.0-or-later', 'LicenseRef-unknown'];
    const exceptions = exceptionsAwaitingReview('pg_cron', licenses);
    expect(exceptions.map((e) => [e.license, e.name])).toEqual([['GPL-2.0-or-later', 'pg_cron-gpl-2.0-or-later'], ['LicenseRef-unknown', 'pg_cron-licenseref-unknown']]);
    expect(exceptions.every((e) => /needs a maintainer's review/.test(e.reason) && !/TODO/i.test(e.reason))).toBe(true);
    expect(() => checkLicensePolicy(licenses, exceptions)).not.toThrow();
    expect(exceptionsAwaitingReview('x', CNCF_ALLOWED_LICENSES)).toEqual([]);
  });
});

describe('versions', () => {
  test('finds a pattern for a default_version that is the leading components of the release, and none otherwise', () => {
    expect(sqlVersionPatternFor('1.6.8', '1.6')).toBe('^(\\d+\\.\\d+)');
    expect(sqlVersionPatternFor('2.4.3', '2')).toBe('^(\\d+)');
    expect(sqlVersionPatternFor('1.60.1', '1.6')).toBeUndefined();
    expect(sqlVersionPatternFor('6.0', '6.0.0')).toBeUndefined();
    expect(sqlVersionPatternFor('2.9.3', '1.2')).toBeUndefined();
    expect(sqlVersionPatternFor('1.4.1', '1.4-1')).toBeUndefined();
  });

  test('infers the builds and a sqlVersionPattern, and writes no version', () => {
    const inferred = inferVersions('1.6.8-1', '1.6', ['bookworm', 'trixie'], 18);
    expect(inferred.sqlVersionPattern).toBe('^(\\d+\\.\\d+)');
    expect(inferred.builds).toEqual([{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }]);
    expect(inferred.review).toEqual([]);
    expect(JSON.stringify(inferred)).not.toMatch(/1\.6\.8/);
    // The pattern gives the control file's version from whatever the resolver locks.
    const definition = { ...cronLike(), sqlVersionPattern: inferred.sqlVersionPattern, builds: inferred.builds };
    const image = imageOf(definition, syntheticLock([definition], '1.6.9-1.pgdg13+1'));
    expect(image.builds.map((b) => b.components[0].sqlVersion)).toEqual(['1.6', '1.6']);
  });

  test('says so when default_version cannot be derived from the release version', () => {
    const inferred = inferVersions('2.9.3-2', '1.2', ['trixie'], 18);
    expect(inferred.sqlVersionPattern).toBeUndefined();
    expect(inferred.review[0]).toMatch(/default_version 1.2 cannot be derived from release 2.9.3/);
    expect(inferVersions('3.7.0+dfsg-1', undefined, ['trixie'], 18)).toEqual({ builds: [{ distro: 'trixie', major: 18 }], sqlVersionPattern: undefined, review: [] });
  });
});

describe('libraries', () => {
  const dynamicSection = [
    'Dynamic section at offset 0x11738 contains 27 entries:',
    '  Tag        Type                         Name/Value',
    ' 0x0000000000000001 (NEEDED)             Shared library: [libpq.so.5]',
    ' 0x0000000000000001 (NEEDED)             Shared library: [libc.so.6]',
    ' 0x000000000000000c (INIT)               0x5000',
  ].join('\n');
  const symbolTable = [
    "Symbol table '.dynsym' contains 233 entries:",
    '   Num:    Value          Size Type    Bind   Vis      Ndx Name',
    '     0: 0000000000000000     0 NOTYPE  LOCAL  DEFAULT  UND ',
    '     6: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND free@GLIBC_2.2.5 (2)',
    '   151: 0000000000000000     0 NOTYPE  GLOBAL DEFAULT  UND RegisterBackgroundWorker',
    '   221: 000000000000bd90   954 FUNC    GLOBAL DEFAULT   12 _PG_init',
  ].join('\n');

  test('reads NEEDED entries and dynamic symbols from readelf', () => {
    expect(neededLibrariesOf(dynamicSection)).toEqual(['libpq.so.5', 'libc.so.6']);
    const symbols = dynamicSymbolsOf(symbolTable);
    expect([...symbols.defines]).toEqual(['_PG_init']);
    expect([...symbols.imports]).toEqual(['free', 'RegisterBackgroundWorker']);
    expect(isElf(Buffer.from('\u007fELF\u0002\u0001', 'latin1'))).toBe(true);
    expect(isElf(Buffer.from('#!/bin/sh'))).toBe(false);
  });

  test('lists what the minimal operand image lacks', () => {
    expect(librariesOutsideOperand(['libc.so.6', 'libpq.so.5', 'libssl.so.3', 'libz.so.1', 'libicuuc.so.76', 'libm.so.6'])).toEqual([]);
    expect(librariesOutsideOperand(['libcurl.so.4', 'libc.so.6', 'libgeos_c.so.1', 'libcurl.so.4'])).toEqual(['libcurl.so.4', 'libgeos_c.so.1']);
  });

  test('decides on shared_preload_libraries from _PG_init, startup-only imports and the docs, and says when unsure', () => {
    const symbols = (defines: string[], imports: string[]) => ({ defines: new Set(defines), imports: new Set(imports) });
    const asks = "To start the worker, add pg_cron to `shared_preload_libraries`:\n\n    shared_preload_libraries = 'pg_cron'";
    expect(preloadVerdict('ip4r', symbols([], []), asks)).toMatchObject({ preload: false, sure: true });
    expect(preloadVerdict('pg_cron', symbols(['_PG_init'], ['RegisterBackgroundWorker']), asks)).toMatchObject({ preload: true, sure: true });
    expect(preloadVerdict('pgaudit', symbols(['_PG_init'], ['process_shared_preload_libraries_in_progress']), '')).toMatchObject({ preload: true, sure: false });
    expect(preloadVerdict('pg_cron', symbols(['_PG_init'], []), asks)).toMatchObject({ preload: true, sure: false });
    expect(preloadVerdict('hypopg', symbols(['_PG_init'], ['ProcessUtility_hook']), 'CREATE EXTENSION hypopg;')).toMatchObject({ preload: false, sure: true });
  });

  test('counts only docs that name shared_preload_libraries and the library in one paragraph', () => {
    expect(docsAskForPreload('Set shared_preload_libraries.\n\nThen use pg_cron.', 'pg_cron')).toBe(false);
    expect(docsAskForPreload("shared_preload_libraries = 'pg_cron_extra'", 'pg_cron')).toBe(false);
    expect(docsAskForPreload("shared_preload_libraries = 'pg_stat_statements,pg_cron'", 'pg_cron')).toBe(true);
  });

  test('spots SQL scripts that load from $libdir, not those using MODULE_PATHNAME', () => {
    expect(loadsFromLibdir("CREATE FUNCTION hypopg() RETURNS int\n  AS '$libdir/hypopg', 'hypopg' LANGUAGE C;")).toBe(true);
    expect(loadsFromLibdir("LOAD '$libdir/plugin';")).toBe(true);
    expect(loadsFromLibdir("CREATE FUNCTION f() RETURNS int AS 'MODULE_PATHNAME', 'f' LANGUAGE C;")).toBe(false);
  });
});

describe('names', () => {
  test('infers the CloudNativePG name and package template from the package name', () => {
    expect(extensionNameOf('postgresql-18-hypopg', 18)).toBe('hypopg');
    expect(extensionNameOf('postgresql-18-cron', 18, 'pg_cron')).toBe('pg_cron');
    expect(() => extensionNameOf('pgagent', 18)).toThrow(/pass --name/);
    expect(() => extensionNameOf('postgresql-18-cron', 18, 'Cron')).toThrow(/--name: "Cron" must match/);
    expect(packageTemplateOf('postgresql-18-pg-stat-kcache', 18)).toBe('postgresql-{major}-pg-stat-kcache');
    expect(packageTemplateOf('pgagent', 18)).toBe('pgagent');
  });

  test('exports a valid identifier', () => {
    expect(exportNameOf('pgvector')).toBe('pgvector');
    expect(exportNameOf('pg_cron')).toBe('pgCron');
    expect(exportNameOf('timescaledb-oss')).toBe('timescaledbOss');
    expect(exportNameOf('postgis-3')).toBe('postgis3');
    expect(exportNameOf('3d')).toBe('_3d');
    expect(exportNameOf('enum')).toBe('_enum');
  });
});

describe('definition source', () => {
  /** Transpiles and runs a rendered definition file; returns its exports. */
  const evaluate = (source: string): Record<string, unknown> => {
    const { outputText, diagnostics } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS }, reportDiagnostics: true });
    expect(diagnostics).toEqual([]);
    const exports: Record<string, unknown> = {};
    new Function('exports', 'require', outputText)(exports, () => ({}));
    return exports;
  };

  test('writes a definition that evaluates back to the same props, whatever the strings hold', () => {
    const props: ExtensionImageProps = {
      ...cronLike(),
      description: 'Quotes \' " `, ${injection}, */ and a \\ backslash',
      licenseExceptions: [{ license: 'LicenseRef-x', name: 'x', reason: "it's */ fine" }],
      sqlVersionPattern: '^(\\d+\\.\\d+)',
    };
    const source = renderDefinitionSource(props, 'pg_cron: scaffolded */ from postgresql-18-cron');
    expect(evaluate(source)).toEqual({ pgCron: props });
    expect(source.split('\n').slice(0, 4)).toEqual([
      "import { ExtensionImageProps } from '../src';",
      '',
      '/** pg_cron: scaffolded * / from postgresql-18-cron */',
      'export const pgCron: ExtensionImageProps = {',
    ]);
  });

  test('keeps short lists and flat objects on one line, longer ones one entry a line, and leaves out undefined', () => {
    const source = renderDefinitionSource({ ...cronLike(), sqlName: undefined }, 'pg_cron');
    expect(source).toContain("  packages: ['postgresql-{major}-cron'],\n");
    expect(source).toContain("  files: {\n    lib: ['pg_cron.so'],\n    extension: ['pg_cron.control', 'pg_cron--*.sql'],\n  },\n");
    expect(source).toContain("  builds: [\n    { distro: 'bookworm', major: 18 },\n    { distro: 'trixie', major: 18 },\n  ],\n");
    expect(source).not.toContain('sqlName');
  });

  test('writes strings in the lint style, and each evaluates back to itself', () => {
    expect(stringLiteral('pg_cron')).toBe("'pg_cron'");
    expect(stringLiteral("it's")).toBe('"it\'s"');
    expect(stringLiteral('say "hi"')).toBe("'say \"hi\"'");
    expect(stringLiteral('it\'s "both"')).toBe("'it\\'s \"both\"'");
    expect(stringLiteral('a \\ b\n')).toBe("'a \\\\ b\\n'");
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (value) => {
      expect(new Function(`return ${stringLiteral(value)};`)()).toBe(value);
    }), { numRuns: 500 });
  });

  test("passes the project's own lint as extensions/<name>.ts, property names quoted all or none", async () => {
    const props: ExtensionImageProps = {
      ...cronLike(),
      description: 'Quotes \' " `, ${injection}, */ and a \\ backslash',
      licenseExceptions: [{ license: 'LicenseRef-x', name: 'x', reason: "it's fine" }],
      files: { lib: ['pg_cron.so'], extension: ['pg_cron.control'], share: { 'tsearch_data': ['x.stop'], 'a-b': ['y'] } },
      postgresqlParameters: { 'cron.database_name': 'postgres', 'max_worker_processes': '20' },
      env: { CRON_HOME: '${image_root}' },
    };
    const source = renderDefinitionSource(props, 'pg_cron: scaffolded from postgresql-18-cron');
    expect(source).toContain("  postgresqlParameters: { 'cron.database_name': 'postgres', 'max_worker_processes': '20' },\n");
    expect(source).toContain("  env: { CRON_HOME: '${image_root}' },\n");
    // The project's .eslintrc.json, less the rules that need a TypeScript program (the file is not on disk, so no tsconfig holds it).
    const LegacyESLint = await loadESLint({ useFlatConfig: false });
    const typed = Object.entries((await import('@typescript-eslint/eslint-plugin')).rules)
      .filter(([, rule]) => (rule.meta.docs as { requiresTypeChecking?: boolean } | undefined)?.requiresTypeChecking)
      .map(([name]) => `@typescript-eslint/${name}`);
    const eslint = new LegacyESLint({
      cwd: ROOT,
      overrideConfig: { parserOptions: { projectService: false, project: null }, rules: Object.fromEntries(typed.map((rule) => [rule, 'off'])) },
    });
    const [result] = await eslint.lintText(source, { filePath: `${ROOT}/extensions/pg_cron.ts` });
    expect(result.messages.map((m) => `${m.line}: ${m.ruleId} ${m.message}`)).toEqual([]);
    // The check can fail: the same file with a double-quoted string does not pass.
    const [bad] = await eslint.lintText(source.replace("'pg_cron.so'", '"pg_cron.so"'), { filePath: `${ROOT}/extensions/pg_cron.ts` });
    expect(bad.messages.map((m) => m.ruleId)).toEqual(['@stylistic/quotes']);
  }, 60_000);
});

describe('inference from a package', () => {
  const text: Record<string, string> = {
    'usr/share/postgresql/18/extension/pg_cron.control': "comment = 'Job scheduler'\ndefault_version = '1.6'\nmodule_pathname = '$libdir/pg_cron'\nrequires = 'plpgsql, vector'\n",
    'usr/share/postgresql/18/extension/pg_cron--1.0.sql': "CREATE FUNCTION cron.schedule(text, text) RETURNS bigint AS 'MODULE_PATHNAME', 'cron_schedule' LANGUAGE C;",
    'usr/share/doc/postgresql-18-cron/README.md': "Add pg_cron to shared_preload_libraries:\n\n    shared_preload_libraries = 'pg_cron'",
    'usr/share/doc/postgresql-18-cron/copyright': [
      'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/', '', 'Files: *', 'License: GPL-2+',
    ].join('\n'),
  };
  const facts: PackageFacts = {
    packageName: 'postgresql-18-cron',
    fields: parseDeb822([
      'Package: postgresql-18-cron', 'Source: pg-cron', 'Version: 1.6.8-1', 'Depends: postgresql-18, libc6 (>= 2.38), libcurl4t64, postgresql-18-cron-data',
      'Homepage: http://github.com/citusdata/pg_cron?tab=readme', 'Description: Run periodic jobs in PostgreSQL 18.', ' Long text.',
    ].join('\n'))[0],
    paths: [...Object.keys(text), 'usr/lib/postgresql/18/lib/pg_cron.so', 'usr/lib/postgresql/18/lib/bitcode/pg_cron.index.bc'].sort(),
    readFile: (p) => (text[p] === undefined ? undefined : Buffer.from(text[p])),
    elf: (p) => (p.endsWith('pg_cron.so')
      ? { needed: ['libcurl.so.4', 'libc.so.6'], defines: new Set(['_PG_init']), imports: new Set(['RegisterBackgroundWorker']) }
      : undefined),
  };
  const definitions = [{ file: 'extensions/pgvector.ts', props: { ...cronLike(), name: 'pgvector', sqlName: 'vector' } }];

  test('infers every field it can and a definition that validates', () => {
    const inferred = inferDefinition(facts, { name: 'cron', major: 18, distros: ['bookworm', 'trixie'], definitions, owners: OWNERS });
    expect(inferred.props).toEqual({
      name: 'cron',
      sqlName: 'pg_cron',
      description: 'Run periodic jobs in PostgreSQL',
      homepage: 'https://github.com/citusdata/pg_cron',
      owners: OWNERS,
      packages: ['postgresql-{major}-cron'],
      licenses: ['GPL-2.0-or-later'],
      licenseExceptions: exceptionsAwaitingReview('cron', ['GPL-2.0-or-later']),
      files: { lib: ['pg_cron.so'], extension: ['pg_cron.control', 'pg_cron--*.sql'] },
      sharedPreloadLibraries: ['pg_cron'],
      systemLibraries: true,
      requiredExtensions: ['pgvector'],
      sqlVersionPattern: '^(\\d+\\.\\d+)',
      builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
    });
    expect(() => imageOf(inferred.props, syntheticLock([inferred.props], '1.6.8-1'))).not.toThrow();
  });

  test('reports what it inferred and what it could not', () => {
    const inferred = inferDefinition(facts, { name: 'cron', major: 18, distros: ['trixie'], definitions, owners: OWNERS });
    expect(inferred.inferred).toEqual(expect.arrayContaining([
      'sqlName: pg_cron, default_version 1.6 (pg_cron.control)',
      'homepage: https://github.com/citusdata/pg_cron (Homepage: http://github.com/citusdata/pg_cron?tab=readme)',
      'systemLibraries: true, for libcurl.so.4 (NEEDED entries of the libraries, against the minimal operand image)',
      'requiredExtensions: pgvector (requires = vector, defined in extensions/pgvector.ts)',
    ]));
    expect(inferred.unresolved).toEqual(expect.arrayContaining([
      expect.stringMatching(/^requiredExtensions: pg_cron.control requires plpgsql, which no definition/),
      expect.stringMatching(/^smoke test: none — add smokeTest/),
      'owners: @example-org/extension-maintainers (not in the package) — check that they will review and release it',
      'packages: it also depends on postgresql-18-cron-data; add those whose files the extension needs at run time',
    ]));
  });

  test('falls back to a plugin, an unknown license and Debian\'s tracker when the package lacks them', () => {
    const bare: PackageFacts = { ...facts, fields: parseDeb822('Source: wal2json\nVersion: 2.6-1\nDescription: JSON output plugin')[0], paths: ['usr/lib/postgresql/18/lib/wal2json.so'], readFile: () => undefined };
    const inferred = inferDefinition(bare, { name: 'wal2json', major: 18, distros: ['trixie'], definitions: [], owners: OWNERS });
    expect(inferred.props).toMatchObject({ createExtension: false, homepage: 'https://tracker.debian.org/pkg/wal2json', licenses: ['LicenseRef-unknown'] });
    expect(inferred.props.sqlName).toBeUndefined();
    expect(() => imageOf(inferred.props)).not.toThrow();
  });

  test('reports a module_pathname the package does not ship', () => {
    const scripts: PackageFacts = {
      ...facts,
      paths: ['usr/share/postgresql/18/extension/postgis.control', 'usr/share/postgresql/18/extension/postgis--3.6.1.sql'],
      readFile: (p) => (p.endsWith('.control') ? Buffer.from("default_version = '3.6.1'\nmodule_pathname = '$libdir/postgis-3'") : undefined),
    };
    const inferred = inferDefinition(scripts, { name: 'postgis', major: 18, distros: ['trixie'], definitions: [], owners: OWNERS });
    expect(inferred.unresolved).toContain('files: postgis.control loads $libdir/postgis-3, which the package does not ship; add the package that does to packages and files.lib');
    expect(inferDefinition(facts, { name: 'cron', major: 18, distros: ['trixie'], definitions, owners: OWNERS }).unresolved.join('\n')).not.toMatch(/does not ship/);
  });
});

/** A valid pg_cron-like definition to vary. */
function cronLike(): ExtensionImageProps {
  return {
    name: 'pg_cron',
    sqlName: 'pg_cron',
    description: 'Run periodic jobs in PostgreSQL',
    homepage: 'https://github.com/citusdata/pg_cron',
    owners: OWNERS,
    packages: ['postgresql-{major}-cron'],
    licenses: ['PostgreSQL'],
    files: { lib: ['pg_cron.so'], extension: ['pg_cron.control', 'pg_cron--*.sql'] },
    sqlVersionPattern: '^(\\d+\\.\\d+)',
    builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  };
}
