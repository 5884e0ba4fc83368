/**
 * Refreshes the vendored minimal operand catalogs from files or URLs:
 *   npx projen refresh-operand-catalogs catalog-minimal-trixie.yaml https://.../catalog-minimal-bookworm.yaml
 * Each source is validated as a minimal ClusterImageCatalog (digest-pinned
 * images, PostgreSQL version in the tag) before it replaces the vendored copy
 * of its distro. A source that lowers a major's PostgreSQL version is refused
 * unless --allow-downgrade is given. Run `npx projen` afterwards to regenerate.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OperandCatalog } from '../src';
import { findOperandDowngrades } from '../src/model/operand-catalog';

const VENDOR_DIR = path.join(__dirname, '..', 'vendor', 'cloudnative-pg', 'operand-catalogs');

async function read(source: string): Promise<string> {
  if (!/^https?:\/\//.test(source)) return fs.readFileSync(source, 'utf8');
  const response = await fetch(source);
  if (!response.ok) throw new Error(`${source}: HTTP ${response.status}`);
  return response.text();
}

const ALLOW_DOWNGRADE = '--allow-downgrade';

async function main(args: string[]): Promise<void> {
  const sources = args.filter((a) => a !== ALLOW_DOWNGRADE);
  if (sources.length === 0) throw new Error(`usage: npx projen refresh-operand-catalogs [${ALLOW_DOWNGRADE}] <file-or-url>...`);
  const texts = await Promise.all(sources.map(async (source) => ({ source, text: await read(source) })));
  // Validate everything before writing anything.
  const parsed = texts.map(({ source, text }) => ({ source, text, catalog: OperandCatalog.fromTexts([{ source, text }]) }));
  const vendored = OperandCatalog.fromDirectory(VENDOR_DIR);
  for (const { source, catalog } of parsed) {
    for (const document of catalog.documents) {
      const current = vendored.documents.find((d) => d.distro === document.distro);
      const downgrades = current ? findOperandDowngrades(current, document) : [];
      if (downgrades.length > 0 && !args.includes(ALLOW_DOWNGRADE)) {
        throw new Error(`${source}: ${document.distro} would go back to an older PostgreSQL (${downgrades.join(', ')}); pass ${ALLOW_DOWNGRADE} if that is intended`);
      }
    }
  }
  for (const { text, catalog } of parsed) {
    for (const document of catalog.documents) {
      const target = path.join(VENDOR_DIR, `catalog-minimal-${document.distro}.yaml`);
      fs.writeFileSync(target, text.endsWith('\n') ? text : `${text}\n`);
      console.log(`${path.relative(process.cwd(), target)}: ${document.images.map((i) => `${i.major}=${i.pgVersion}`).join(' ')}`);
    }
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`error: ${error.message}`);
  process.exit(1);
});
