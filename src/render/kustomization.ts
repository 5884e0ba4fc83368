import { stringify } from 'yaml';

/** What a kustomization.yaml holds. */
export interface KustomizationProps {
  /** Resource files or directories (each holding a kustomization.yaml), relative to the kustomization. */
  readonly resources: readonly string[];
  /** Patch files applied to the resources, relative to the kustomization. @default [] */
  readonly patches?: readonly string[];
  /** Comment lines above it. @default [] */
  readonly comment?: readonly string[];
}

/** A path kustomize resolves inside the kustomization's root. */
const INSIDE = /^(?!\.\.?(\/|$))(?!\/)[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/**
 * The text of a `kustomization.yaml` (kustomize.config.k8s.io/v1beta1).
 * Every path must stay inside the kustomization's root, which kustomize's
 * default load restrictions require of files.
 */
export function renderKustomization(props: KustomizationProps): string {
  const patches = props.patches ?? [];
  for (const p of [...props.resources, ...patches]) {
    if (!INSIDE.test(p) || p.split('/').includes('..')) throw new Error(`kustomization path "${p}" must be relative and inside the kustomization's directory`);
  }
  const body = stringify({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...props.resources],
    ...(patches.length ? { patches: patches.map((path) => ({ path })) } : {}),
  });
  return [...(props.comment ?? []).map((c) => `# ${c}`), body].join('\n');
}
