import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DefinitionError, ImagesLock, ImagesLockEntry, pinnedReference } from '../../src';
import { ExtensionRepository, loadExtensionDefinitions, renderExtensionDockerfile, targetInputs } from '../../src/projen';
import { REPOSITORY_LOCK, ROOT, operands } from '../fixtures';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const entry = (overrides: Partial<ImagesLockEntry> = {}): ImagesLockEntry => ({
  target: 'pgvector-18-trixie',
  repository: 'registry.example.com/team/pgvector',
  tag: '18.6-0.8.6-202611301200-trixie',
  digest: DIGEST,
  platforms: ['linux/amd64'],
  inputs: 'c'.repeat(64),
  packages: ['postgresql-18-pgvector=0.8.6-1.pgdg13+1'],
  ...overrides,
});

function written(lock: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'images-lock-')), 'images.lock.json');
  fs.writeFileSync(file, typeof lock === 'string' ? lock : JSON.stringify(lock));
  return file;
}

describe('ImagesLock', () => {
  test('round-trips through its file and pins <repository>:<tag>@<digest>', () => {
    const lock = new ImagesLock([entry({ target: 'b-18-trixie' }), entry({ target: 'a-18-trixie' })]);
    const read = ImagesLock.read(written(lock.render()));
    expect(read.entries.map((e) => e.target)).toEqual(['a-18-trixie', 'b-18-trixie']);
    expect(read.render()).toBe(lock.render());
    expect(pinnedReference(read.entry('a-18-trixie')!)).toBe(`registry.example.com/team/pgvector:18.6-0.8.6-202611301200-trixie@${DIGEST}`);
    expect(ImagesLock.read('/nonexistent/images.lock.json').entries).toEqual([]);
  });

  test.each([
    ['a digest that is not sha256', { digest: 'sha256:abc' }, 'entries[0].digest'],
    ['a tag with a space', { tag: '18 6' }, 'entries[0].tag'],
    ['a repository with a tag in it', { repository: 'ghcr.io/acme/pgvector:1' }, 'entries[0].repository'],
    ['no platforms', { platforms: [] }, 'entries[0].platforms'],
    ['a package pin with a shell metacharacter', { packages: ['postgresql-18-pgvector=0.8.6;id'] }, 'entries[0].packages'],
  ])('refuses %s, naming the file and the field', (_what, overrides, field) => {
    let error: unknown;
    try {
      ImagesLock.read(written({ entries: [entry(overrides as Partial<ImagesLockEntry>)] }), 'extensions/images.lock.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    expect({ file: (error as DefinitionError).file, field: (error as DefinitionError).field }).toEqual({ file: 'extensions/images.lock.json', field });
  });
});

describe('catalog references from the images lock', () => {
  const definitions = loadExtensionDefinitions(path.join(ROOT, 'extensions'), ROOT).filter((d) => d.props.name === 'pgvector');
  const repository = (imagesLock?: ImagesLock) => new ExtensionRepository({ definitions, operands: operands(), versionsLock: REPOSITORY_LOCK, source: 'https://example.com/repo', imagesLock });

  test('a published target with unchanged inputs is pinned by digest; the others keep their rolling tag', () => {
    const plain = repository();
    const image = plain.images[0];
    const trixie = image.buildFor('trixie', 18)!;
    const target = plain.bakeTarget(image, trixie);
    const inputs = targetInputs(target, renderExtensionDockerfile(image, plain.operandFor(plain.preferredBuild(image))));
    const pinned = repository(new ImagesLock([entry({ inputs })]));
    const refs = Object.fromEntries(pinned.entries.map((e) => [e.operand.distro, e.imageReference]));
    expect(refs.trixie).toBe(`registry.example.com/team/pgvector:18.6-0.8.6-202611301200-trixie@${DIGEST}`);
    expect(refs.bookworm).toBe(plain.entries.find((e) => e.operand.distro === 'bookworm')!.imageReference);
    expect(refs.bookworm).not.toContain('@sha256:');
    // The catalogs synthesized carry the pin.
    expect(pinned.synthesize().get('catalogs/catalog-minimal-trixie.yaml')).toContain(`reference: registry.example.com/team/pgvector:18.6-0.8.6-202611301200-trixie@${DIGEST}`);
  });

  test('a locked image built from other inputs is not pinned: the build changed since it was published', () => {
    const stale = repository(new ImagesLock([entry({ inputs: 'd'.repeat(64) })]));
    expect(stale.entries.every((e) => !e.imageReference.includes('@sha256:'))).toBe(true);
  });
});
