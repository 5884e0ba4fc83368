import { ExtensionImageProps } from '../src';

/** decoderbufs: scaffolded by new-extension from postgresql-18-decoderbufs 3.7.0-1. */
export const decoderbufs: ExtensionImageProps = {
  name: 'decoderbufs',
  description: 'logical decoder output plugin to deliver data as Protocol Buffers',
  homepage: 'https://github.com/debezium/postgres-decoderbufs',
  packages: ['postgresql-{major}-decoderbufs'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['MIT'],
  files: {
    lib: ['decoderbufs.so'],
    extension: ['decoderbufs.control'],
  },
  sharedPreloadLibraries: ['decoderbufs'],
  // An output plugin: slots name it; its control file has no install script.
  createExtension: false,
  postgresqlParameters: {
    wal_level: 'logical',
    // Since PostgreSQL 18.6 only the libraries listed here may be output plugins; the default is 'pgoutput, test_decoding'.
    output_plugin_libraries: 'pgoutput, test_decoding, decoderbufs',
  },
  systemLibraries: true,
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // A temporary logical slot with the plugin: creating it loads the plugin and runs its startup callback.
  smokeTest: {
    sql: "SELECT slot_name FROM pg_create_logical_replication_slot('decoderbufs_smoke', 'decoderbufs', true)",
    expected: 'decoderbufs_smoke',
  },
};
