import { ExtensionImageProps } from '../src';

/** wal2json: a logical decoding output plugin, no SQL extension. */
export const wal2json: ExtensionImageProps = {
  name: 'wal2json',
  description: 'JSON output plugin for PostgreSQL logical decoding',
  homepage: 'https://github.com/eulerto/wal2json',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  packages: ['postgresql-{major}-wal2json'],
  licenses: ['BSD-3-Clause'],
  files: {
    lib: ['wal2json.so'],
  },
  createExtension: false,
  postgresqlParameters: {
    wal_level: 'logical',
    // Since PostgreSQL 18.6 only the libraries listed here may be output plugins; the default is 'pgoutput, test_decoding'.
    output_plugin_libraries: 'pgoutput, test_decoding, wal2json',
  },
  builds: [{ distro: 'bookworm', major: 18 }, { distro: 'trixie', major: 18 }],
  // A temporary slot with the plugin, then a non-transactional logical message, decoded back;
  // the LATERAL joins fix that order.
  smokeTest: {
    sql: "SELECT c.data FROM pg_create_logical_replication_slot('wal2json_smoke', 'wal2json', true) s CROSS JOIN LATERAL (SELECT pg_logical_emit_message(false, 'cnpg', 'hello', true) WHERE s.slot_name IS NOT NULL) m CROSS JOIN LATERAL pg_logical_slot_get_changes(s.slot_name, NULL, NULL, 'format-version', '2') c",
    expected: '{"action":"M","transactional":false,"prefix":"cnpg","content":"hello"}',
  },
};
