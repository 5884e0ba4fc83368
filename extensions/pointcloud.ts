import { ExtensionImageProps } from '../src';

/** pointcloud: scaffolded by new-extension from postgresql-18-pointcloud 1.2.5-4. */
export const pointcloud: ExtensionImageProps = {
  name: 'pointcloud',
  description: 'PostgreSQL extension for storing point cloud (LIDAR) data',
  homepage: 'https://github.com/pgpointcloud/pointcloud',
  packages: ['postgresql-{major}-pointcloud'],
  owners: ['@cnpg-extensions-cdk/maintainers'],
  licenses: ['BSD-3-Clause'],
  files: {
    lib: ['pointcloud-1.2.so'],
    extension: ['pointcloud.control', 'pointcloud--*.sql', 'pointcloud_postgis.control', 'pointcloud_postgis--*.sql'],
  },
  builds: [
    { distro: 'bookworm', major: 18 },
    { distro: 'trixie', major: 18 },
  ],
  // The point cloud library answers with its version.
  smokeTest: {
    sql: "SELECT PC_Version() <> ''",
    expected: 't',
  },
};
