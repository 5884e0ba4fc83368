import { resolveExtensionSettings } from '../../src';
import {
  LOADER_ENV_NAMES, MAX_ENV_VALUE_BYTES, expandEnvValue, isLoaderEnvName, isReservedEnvName, rebaseEnvValue,
  validateEnv, validateEnvValue, validateImagePaths,
} from '../../src/model/extension-configuration';

describe('resolveExtensionSettings (CloudNativePG rules)', () => {
  test('puts $system / $libdir first, then each extension in list order, with defaults share and lib', () => {
    const settings = resolveExtensionSettings([
      { name: 'postgis', ldLibraryPath: ['system'], env: [{ name: 'PROJ_DATA', value: '${image_root}/share/proj' }] },
      { name: 'geo', extensionControlPath: ['postgis/share', 'pgrouting/share'], dynamicLibraryPath: ['postgis/lib', 'pgrouting/lib'] },
      { name: 'pg_repack', binPath: ['bin'] },
    ]);
    expect(settings.extensionControlPath).toBe(
      '$system:/extensions/postgis/share:/extensions/geo/postgis/share:/extensions/geo/pgrouting/share:/extensions/pg_repack/share');
    expect(settings.dynamicLibraryPath).toBe(
      '$libdir:/extensions/postgis/lib:/extensions/geo/postgis/lib:/extensions/geo/pgrouting/lib:/extensions/pg_repack/lib');
    expect(settings.ldLibraryPath).toEqual(['/extensions/postgis/system']);
    expect(settings.binPath).toEqual(['/extensions/pg_repack/bin']);
    expect(settings.env).toEqual({ PROJ_DATA: '/extensions/postgis/share/proj' });
  });

  test('with no extensions, only the system paths remain', () => {
    expect(resolveExtensionSettings([])).toMatchObject({ extensionControlPath: '$system', dynamicLibraryPath: '$libdir' });
  });

  test('rebases ${image_root} onto a bundle component\'s directory, leaving literal $${ alone', () => {
    expect(rebaseEnvValue('${image_root}/share/gdal', 'postgis')).toBe('${image_root}/postgis/share/gdal');
    expect(rebaseEnvValue('$${image_root}:${image_root}', 'postgis')).toBe('$${image_root}:${image_root}/postgis');
    expect(rebaseEnvValue('$$${image_root}', 'x')).toBe('$$${image_root}/x');
    expect(rebaseEnvValue('${image_root}/share', '')).toBe('${image_root}/share');
    expect(expandEnvValue(rebaseEnvValue('${image_root}/share/proj', 'postgis'), 'geospatial')).toBe('/extensions/geospatial/postgis/share/proj');
  });

  test('expands ${image_root} and keeps $${ as a literal ${', () => {
    expect(expandEnvValue('${image_root}/a:$${HOME}', 'x')).toBe('/extensions/x/a:${HOME}');
    // An odd run of "$" opens a placeholder; each "$$" is one literal "$".
    expect(expandEnvValue('$$${image_root}|$$$${image_root}', 'x')).toBe('$/extensions/x|$${image_root}');
  });
});

describe('rules', () => {
  test.each(['PGDATA', 'PGHOST', 'CNPG_SECRET', 'POD_NAME', 'NAMESPACE', 'CLUSTER_NAME', 'PATH', 'LD_LIBRARY_PATH'])('%s is reserved', (name) => {
    expect(isReservedEnvName(name)).toBe(true);
    expect(() => validateEnv([{ name, value: 'x' }], 'env')).toThrow(/reserved by CloudNativePG/);
  });

  test('names are compared upper-cased, as CloudNativePG does', () => {
    expect(isReservedEnvName('pgdata')).toBe(true);
    expect(isReservedEnvName('cnpg_x')).toBe(true);
  });

  test('other names are allowed', () => {
    expect(isReservedEnvName('GDAL_DATA')).toBe(false);
    expect(() => validateEnv([{ name: 'GDAL_DATA', value: '${image_root}/share/gdal' }], 'env')).not.toThrow();
  });

  test('env values may use only ${image_root}', () => {
    expect(() => validateEnv([{ name: 'X', value: '${HOME}/x' }], 'env')).toThrow(/env.X: unknown placeholder "\$\{HOME\}"/);
    expect(() => validateEnv([{ name: 'X', value: 'a\nb' }], 'env')).toThrow(/control characters/);
    expect(() => validateEnv([{ name: 'X', value: '$${HOME}' }], 'env')).not.toThrow();
    expect(() => validateEnv([{ name: 'X', value: '$$${HOME}' }], 'env')).toThrow(/unknown placeholder "\$\{HOME\}"/);
  });

  test.each([
    [['../etc'], /escapes the image/],
    [['lib/../../x'], /escapes the image/],
    [['/usr/lib'], /is absolute/],
    [['lib', 'lib'], /listed twice/],
    [[], /non-empty list/],
    [['a b'], /may hold only/],
    [['lib;id'], /may hold only/],
  ])('image paths %j are rejected', (paths, message) => {
    expect(() => validateImagePaths(paths, 'ldLibraryPath')).toThrow(message);
  });
});

describe('env values and names an extension may not set', () => {
  const one = (name: string, value = 'x') => () => validateEnv([{ name, value }], 'env');

  test('variables of the dynamic loader and C library are refused: glibc\'s UNSECURE_ENVVARS and every LD_*', () => {
    for (const name of [...LOADER_ENV_NAMES.filter((n) => !isReservedEnvName(n)), 'LD_TRACE_LOADED_OBJECTS', 'LD_BIND_NOW']) {
      expect(isLoaderEnvName(name)).toBe(true);
      expect(one(name)).toThrow(/steers the dynamic loader or C library/);
    }
    // LD_LIBRARY_PATH is CloudNativePG's, and reported as reserved first.
    expect(one('LD_LIBRARY_PATH')).toThrow(/reserved by CloudNativePG/);
    for (const name of ['ld_preload', 'LDAP_CONF', 'GDAL_DATA', 'PROJ_DATA']) expect(isLoaderEnvName(name)).toBe(false);
  });

  test('a "${" that no "}" closes is refused; "$$" escapes and lone "$" are not placeholders', () => {
    expect(() => validateEnvValue('${image_root/share', 'env.X')).toThrow(/"\$\{image_root\/share" has no closing "\}"/);
    expect(() => validateEnvValue('${image_root}:${', 'env.X')).toThrow(/"\$\{" has no closing/);
    expect(() => validateEnvValue('$$${image_root', 'env.X')).toThrow(/has no closing/);
    for (const value of ['$${image_root}', '$${', 'cost $5 {x}', '${image_root}/a:$${image_root}', '$$$${']) expect(() => validateEnvValue(value, 'env.X')).not.toThrow();
  });

  test('values are at most MAX_ENV_VALUE_BYTES UTF-8 bytes', () => {
    expect(MAX_ENV_VALUE_BYTES).toBe(4096);
    expect(() => validateEnvValue('x'.repeat(4096), 'env.X')).not.toThrow();
    expect(() => validateEnvValue('x'.repeat(4097), 'env.X')).toThrow(/4097 bytes long; at most 4096/);
    expect(() => validateEnvValue('€'.repeat(1366), 'env.X')).toThrow(/4098 bytes long/);
  });
});
