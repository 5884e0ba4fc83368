import { parse } from 'yaml';
import { renderKustomization } from '../../src/render/kustomization';

describe('kustomization', () => {
  test('resources, then patches, under the comment', () => {
    const text = renderKustomization({ resources: ['operands'], patches: ['a.yaml', 'b/c.yaml'], comment: ['one'] });
    expect(text.split('\n')[0]).toBe('# one');
    expect(parse(text)).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['operands'], patches: [{ path: 'a.yaml' }, { path: 'b/c.yaml' }],
    });
    expect(parse(renderKustomization({ resources: ['x.yaml'] }))).not.toHaveProperty('patches');
  });

  test('every path stays inside the kustomization root', () => {
    for (const p of ['../image-catalogs', '/abs.yaml', './x.yaml', 'a/../../b', 'a b.yaml', '']) {
      expect(() => renderKustomization({ resources: [p] })).toThrow(/must be relative and inside/);
      expect(() => renderKustomization({ resources: ['ok'], patches: [p] })).toThrow(/must be relative and inside/);
    }
  });
});
