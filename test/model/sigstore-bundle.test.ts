import * as fs from 'fs';
import * as path from 'path';
import { bundleSignsContent, signatureBundleName } from '../../src/model/sigstore-bundle';
import { ROOT } from '../fixtures';

/** The community's published catalogs and the bundle cosign wrote for the trixie one (see ABOUT.txt there). */
const COMMUNITY = path.join(ROOT, 'test', 'fixtures', 'community-catalogs');

describe('sigstore bundles', () => {
  test('a bundle sits beside its file', () => {
    expect(signatureBundleName('catalogs/catalog-minimal-trixie.yaml')).toBe('catalogs/catalog-minimal-trixie.yaml.sigstore.json');
  });

  test('the community\'s bundle signs its catalog, and no other bytes', () => {
    const catalog = fs.readFileSync(path.join(COMMUNITY, 'catalog-minimal-trixie.yaml'));
    const bundle = fs.readFileSync(path.join(COMMUNITY, 'catalog-minimal-trixie.yaml.sigstore.json'), 'utf8');
    expect(bundleSignsContent(bundle, catalog)).toBe(true);
    expect(bundleSignsContent(bundle, Buffer.concat([catalog, Buffer.from('\n')]))).toBe(false);
    expect(bundleSignsContent(bundle, fs.readFileSync(path.join(COMMUNITY, 'catalog-minimal-bookworm.yaml')))).toBe(false);
  });

  test('anything but a sigstore message signature signs nothing', () => {
    const digest = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg='; // SHA-256 of "test"
    const bundle = (over: object) => JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json', messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest } }, ...over });
    expect(bundleSignsContent(bundle({}), 'test')).toBe(true);
    expect(bundleSignsContent(bundle({ mediaType: 'application/json' }), 'test')).toBe(false);
    expect(bundleSignsContent(bundle({ messageSignature: { messageDigest: { algorithm: 'SHA2_512', digest } } }), 'test')).toBe(false);
    expect(bundleSignsContent(bundle({ messageSignature: undefined, dsseEnvelope: {} }), 'test')).toBe(false);
    expect(bundleSignsContent('not json', 'test')).toBe(false);
  });
});
