/**
 * Refreshes the vendored minimal operand catalogs from files or URLs:
 *   npx projen refresh-operand-catalogs catalog-minimal-trixie.yaml https://.../catalog-minimal-bookworm.yaml
 * Each source is validated as a minimal ClusterImageCatalog (digest-pinned
 * images, PostgreSQL version in the tag) before it replaces the vendored copy
 * of its distro. A source may hold several catalogs (YAML documents): each
 * distro's file gets only its own document, with its bytes as published. A
 * source that lowers a major's PostgreSQL version is refused unless
 * --allow-downgrade is given. Run `npx projen` afterwards to regenerate.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { OperandCatalog, OperandCatalogDocument } from '../src';
import { findOperandDowngrades } from '../src/model/operand-catalog';

const ALLOW_DOWNGRADE = '--allow-downgrade';
const USAGE = `usage: npx projen refresh-operand-catalogs [${ALLOW_DOWNGRADE}] <file-or-url>...`;

/** Where the catalogs are vendored, and where to report. */
export interface RefreshIo {
  readonly vendorDir: string;
  readonly log: (line: string) => void;
}

/** One catalog of a source: the distro's file content, and what it parsed to. */
interface SourceCatalog {
  readonly source: string;
  readonly text: string;
  readonly document: OperandCatalogDocument;
}

async function read(source: string): Promise<string> {
  if (!/^https?:\/\//.test(source)) return fs.readFileSync(source, 'utf8');
  const response = await fetch(source);
  if (!response.ok) throw new Error(`${source}: HTTP ${response.status}`);
  return response.text();
}

/**
 * The text of each YAML document in `text`, cut where the parser ends the
 * previous one, so that every byte lands in exactly one piece: a document
 * keeps its own `---`, the comments before it and its trailing comments.
 */
export function splitDocuments(text: string): string[] {
  const ends = parseAllDocuments(text).map((doc) => doc.range[2]).slice(0, -1);
  return [0, ...ends].map((start, i) => text.slice(start, ends[i] ?? text.length));
}

/**
 * Every catalog in `text`, each validated on its own text: what is written
 * for a distro is exactly what was validated, one document.
 */
function catalogsOf(source: string, text: string): SourceCatalog[] {
  return splitDocuments(text).map((piece) => {
    const documents = OperandCatalog.fromTexts([{ source, text: piece }]).documents;
    if (documents.length !== 1) throw new Error(`${source}: a document did not split into one catalog`);
    return { source, text: piece.endsWith('\n') ? piece : `${piece}\n`, document: documents[0] };
  });
}

/** Refuses two catalogs for one distro, in one source or two: which should win is not for this script to guess. */
function requireOneSourcePerDistro(catalogs: readonly SourceCatalog[]): void {
  for (const [i, catalog] of catalogs.entries()) {
    const earlier = catalogs.slice(0, i).find((c) => c.document.distro === catalog.document.distro);
    if (earlier) throw new Error(`${catalog.source}: a second catalog for distro "${catalog.document.distro}" (the first is in ${earlier.source})`);
  }
}

function requireNoDowngrade(catalogs: readonly SourceCatalog[], vendored: OperandCatalog): void {
  for (const { source, document } of catalogs) {
    const current = vendored.documents.find((d) => d.distro === document.distro);
    const downgrades = current ? findOperandDowngrades(current, document) : [];
    if (downgrades.length > 0) {
      throw new Error(`${source}: ${document.distro} would go back to an older PostgreSQL (${downgrades.join(', ')}); pass ${ALLOW_DOWNGRADE} if that is intended`);
    }
  }
}

/** Validates every source, then writes one vendored file per distro found in them. */
export async function refreshOperandCatalogs(args: string[], io: RefreshIo): Promise<void> {
  const sources = args.filter((a) => a !== ALLOW_DOWNGRADE);
  if (sources.length === 0) throw new Error(USAGE);
  const texts = await Promise.all(sources.map(async (source) => ({ source, text: await read(source) })));
  // Validate everything before writing anything.
  const catalogs = texts.flatMap(({ source, text }) => catalogsOf(source, text));
  requireOneSourcePerDistro(catalogs);
  if (!args.includes(ALLOW_DOWNGRADE)) requireNoDowngrade(catalogs, OperandCatalog.fromDirectory(io.vendorDir));
  for (const { text, document } of catalogs) {
    const target = path.join(io.vendorDir, `catalog-minimal-${document.distro}.yaml`);
    fs.writeFileSync(target, text);
    io.log(`${path.relative(process.cwd(), target)}: ${document.images.map((i) => `${i.major}=${i.pgVersion}`).join(' ')}`);
  }
}

if (require.main === module) {
  const vendorDir = path.join(__dirname, '..', 'vendor', 'cloudnative-pg', 'operand-catalogs');
  refreshOperandCatalogs(process.argv.slice(2), { vendorDir, log: (line) => console.log(line) }).catch((error) => {
    console.error(`error: ${error.message}`);
    process.exit(1);
  });
}
