/**
 * Checks that every PostgreSQL extension package of the stand-in distro's
 * real index is either defined in extensions/ or listed, with its reason, in
 * extensions/not-packaged.json:
 *   npx projen package-coverage                 read Debian sid's index and compare
 *   npx projen package-coverage --source DIR    another mirror (URL or directory)
 * Exits 1 naming each package that is neither, each listed package that is
 * also defined, and each listed package the index no longer has.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import {
  AptFetcher, AptIndex, AptSources, ExtensionImage, NOT_PACKAGED_FILE, NotPackagedList, loadExtensionDefinitions,
} from '../src/projen';
import { REPOSITORY_PATHS } from '../src/repository/update-versions';

/** What the comparison found; every list sorted. */
export interface PackageCoverage {
  /** Index packages that a definition installs. */
  readonly defined: readonly string[];
  /** Index packages listed as not packaged. */
  readonly listed: readonly string[];
  /** Index packages that are neither defined nor listed. */
  readonly missing: readonly string[];
  /** Packages both defined and listed. */
  readonly definedAndListed: readonly string[];
  /** Listed packages the index does not have (any more). */
  readonly stale: readonly string[];
}

/** Compares the index's `packages` with what the `images` install for `major` and what `list` leaves out. */
export function packageCoverage(
  packages: readonly string[], images: readonly ExtensionImage[], major: number, list: NotPackagedList,
): PackageCoverage {
  const installed = new Set(images.flatMap((image) => image.components.flatMap((c) => c.packages(major))));
  const listedNames = new Set(list.entries.map((e) => e.package));
  const inIndex = new Set(packages);
  const sorted = (names: Iterable<string>) => [...names].sort();
  return {
    defined: sorted(packages.filter((p) => installed.has(p))),
    listed: sorted(packages.filter((p) => listedNames.has(p))),
    missing: sorted(packages.filter((p) => !installed.has(p) && !listedNames.has(p))),
    definedAndListed: sorted([...listedNames].filter((p) => installed.has(p))),
    stale: sorted([...listedNames].filter((p) => !inIndex.has(p))),
  };
}

/** How the run reads files and prints; tests pass a fixture mirror. */
export interface PackageCoverageIo {
  readonly root: string;
  readonly log: (line: string) => void;
  readonly fetcher?: AptFetcher;
}

/** Runs the check; returns the exit code. */
export async function checkPackageCoverage(argv: readonly string[], io: PackageCoverageIo): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { source: { type: 'string' } } });
  const sources = AptSources.parse(fs.readFileSync(path.join(io.root, REPOSITORY_PATHS.aptSources), 'utf8'), REPOSITORY_PATHS.aptSources);
  const standIns = sources.standIns;
  if (standIns.length !== 1) throw new Error(`${REPOSITORY_PATHS.aptSources} must name exactly one stand-in distro (standInMajors), found ${standIns.length}`);
  const [standIn] = standIns;
  const source = values.source ? { ...standIn, url: values.source } : standIn;
  const extensionsDir = path.join(io.root, REPOSITORY_PATHS.extensions);
  const listFile = `${REPOSITORY_PATHS.extensions}/${NOT_PACKAGED_FILE}`;
  const list = NotPackagedList.parse(fs.readFileSync(path.join(io.root, listFile), 'utf8'), listFile);
  const images = loadExtensionDefinitions(extensionsDir, io.root).map(({ props }) => new ExtensionImage(props));
  io.log(`reading ${source.url} ${source.suite}/${source.component} (amd64)`);
  const index = await AptIndex.load(source, ['amd64'], { fetcher: io.fetcher });
  let problems = 0;
  for (const major of standIn.standInMajors ?? []) {
    const prefix = `postgresql-${major}-`;
    const coverage = packageCoverage(index.packageNames(prefix), images, major, list);
    const report = (names: readonly string[], what: (name: string) => string) => {
      for (const name of names) io.log(`error: ${name}: ${what(name)}`);
      problems += names.length;
    };
    report(coverage.missing, (name) => `in ${standIn.suite} but neither defined in ${REPOSITORY_PATHS.extensions}/ nor listed in ${listFile}; `
      + `scaffold it (npx projen new-extension ${name}) or list it with the reason`);
    report(coverage.definedAndListed, () => `defined and also listed in ${listFile}; remove it from the list`);
    report(coverage.stale.filter((p) => p.startsWith(prefix)), () => `listed in ${listFile}, but ${standIn.suite} has no such package any more`);
    io.log(`${prefix}*: ${coverage.defined.length + coverage.listed.length + coverage.missing.length} in ${standIn.suite}: `
      + `${coverage.defined.length} defined, ${coverage.listed.length} listed as not packaged, ${coverage.missing.length} neither`);
  }
  io.log(problems ? `package-coverage: ${problems} problem(s)` : 'package-coverage: every package is defined or listed');
  return problems ? 1 : 0;
}

if (require.main === module) {
  checkPackageCoverage(process.argv.slice(2), { root: path.join(__dirname, '..'), log: (line) => console.log(line) }).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`error: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
