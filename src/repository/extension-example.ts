import { App, Chart, Yaml } from 'cdk8s';
import { validateConstructs } from './construct-validation';
import { ClusterExtension } from '../cdk8s/cluster-extension';
import { Cluster, Database } from '../imports/cnpg-postgresql.cnpg.io';
import { ExtensionImage, ImageBuild } from '../model/extension-image';

/** Props of an example Cluster and Database for one extension. */
export interface ExtensionExampleProps {
  /** The extension shown. */
  readonly extension: ExtensionImage;
  /** The extensions it requires. */
  readonly requires: ExtensionImage[];
  /** The build the example uses. */
  readonly build: ImageBuild;
  /** Name of the ClusterImageCatalog that carries the extension for the build's distro. */
  readonly catalogName: string;
}

/** Manifests of an example, as YAML. */
export interface ExtensionExampleManifests {
  /** A Cluster that mounts the extension from the catalog. */
  readonly cluster: string;
  /** A Database that creates the extension (and what it requires). */
  readonly database: string;
  /** The objects the two texts are written from, for validation without parsing them back. */
  readonly objects: { readonly cluster: object; readonly database: object };
}

/**
 * An example Cluster that enables the extension by name from its catalog, and
 * a Database that creates it, both written through ClusterExtension.
 */
export function extensionExample(props: ExtensionExampleProps): ExtensionExampleManifests {
  const clusterName = `cluster-${props.extension.name.replace(/_/g, '-')}`;
  const app = new App();
  const chart = new Chart(app, 'example');
  const cluster = new Cluster(chart, 'cluster', {
    metadata: { name: clusterName },
    spec: {
      instances: 1,
      imageCatalogRef: { apiGroup: 'postgresql.cnpg.io', kind: 'ClusterImageCatalog', name: props.catalogName, major: props.build.major },
      storage: { size: '1Gi' },
    },
  });
  const database = new Database(chart, 'database', {
    metadata: { name: `${clusterName}-app` },
    spec: { name: 'app', owner: 'app', cluster: { name: clusterName } },
  });
  new ClusterExtension(chart, 'extension', {
    cluster, database, extension: props.extension, requires: props.requires, distro: props.build.distro, major: props.build.major,
  });
  validateConstructs(app);
  const objects = { cluster: cluster.toJson(), database: database.toJson() };
  return { cluster: Yaml.stringify(objects.cluster), database: Yaml.stringify(objects.database), objects };
}
