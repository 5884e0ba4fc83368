import { ExtensionBundleProps } from '../src';
import { pgrouting } from './pgrouting';
import { postgis } from './postgis';

/** PostGIS and pgRouting in one image, each in its own directory: one mount for a routing stack. */
export const geospatial: ExtensionBundleProps = {
  name: 'geospatial',
  description: 'PostGIS and pgRouting in one image: spatial types, indexes and functions, and graph routing on top of them',
  homepage: 'https://postgis.net',
  owners: ['@cnpg-extensions-cdk/maintainers'],
  components: [postgis, pgrouting],
};
