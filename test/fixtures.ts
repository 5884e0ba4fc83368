import * as path from 'path';
import { App } from 'cdk8s';
import { ExtensionDefinition, ExtensionImage, ExtensionImageProps, OperandCatalog } from '../src';
import { pgaudit } from '../extensions/pgaudit';
import { pgvector } from '../extensions/pgvector';
import { postgis } from '../extensions/postgis';

/** The repository root. */
export const ROOT = path.join(__dirname, '..');

/** The vendored minimal operand catalogs. */
export function operands(): OperandCatalog {
  return OperandCatalog.fromDirectory(path.join(ROOT, 'vendor/cloudnative-pg/operand-catalogs'));
}

/** The repository's own definitions. */
export const definitions = { pgvector, pgaudit, postgis };

/** A definition with `overrides` applied to pgvector's. */
export function pgvectorWith(overrides: Partial<Record<keyof ExtensionImageProps, unknown>>): ExtensionImageProps {
  return { ...pgvector, ...overrides } as ExtensionImageProps;
}

/** An ExtensionImage in a fresh App. */
export function imageOf(props: ExtensionDefinition): ExtensionImage {
  return new ExtensionImage(new App(), props.name, props);
}
