import { describe, expect, it } from '@jest/globals';
import { parseDocument } from 'yaml';
import { NodeWalker, type YamlNode } from '../../../src/scan/yaml/nodes.js';

function walker(text: string): NodeWalker {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new Error(`test setup: ${document.errors[0]?.message}`);
  return new NodeWalker(document);
}

const stringAt = (walk: NodeWalker, node: YamlNode | undefined, key: string) => walk.string(walk.get(node, key));

describe('NodeWalker', () => {
  it('follows a path of keys, and yields nothing once the path leaves mappings', () => {
    const walk = walker('a:\n  b:\n    c: deep\n  list: [x, y]\n');
    expect(walk.string(walk.path(walk.root, ['a', 'b', 'c']))).toBe('deep');
    expect(walk.path(walk.root, ['a', 'list', 'c'])).toBeUndefined();
    expect(walk.path(walk.root, ['missing', 'b'])).toBeUndefined();
    expect(walk.items(walk.path(walk.root, ['a', 'list'])).map((item) => walk.string(item))).toEqual(['x', 'y']);
    expect(walk.items(walk.path(walk.root, ['a', 'b']))).toEqual([]);
    expect(walk.values(walk.path(walk.root, ['a', 'list']))).toEqual([]);
  });

  it('sees through aliases to the anchored node itself', () => {
    const walk = walker('base: &b { image: one }\nuse: *b\n');
    expect(walk.get(walk.root, 'use')).toBe(walk.get(walk.root, 'base'));
  });

  it('applies merge keys: own keys win, then earlier sources over later ones', () => {
    const walk = walker(
      [
        'first: &first { image: from-first, platform: linux/arm64 }',
        'second: &second { image: from-second, restart: always, platform: linux/amd64 }',
        'listed: { <<: [*first, *second] }',
        'own: { <<: *second, image: own-image }',
        'inline: { <<: { image: inline-image } }',
        '',
      ].join('\n'),
    );
    const listed = walk.get(walk.root, 'listed');
    expect([stringAt(walk, listed, 'image'), stringAt(walk, listed, 'platform'), stringAt(walk, listed, 'restart')]).toEqual([
      'from-first',
      'linux/arm64',
      'always',
    ]);
    expect(stringAt(walk, walk.get(walk.root, 'own'), 'image')).toBe('own-image');
    expect(stringAt(walk, walk.get(walk.root, 'inline'), 'image')).toBe('inline-image');
  });

  it('understands the YAML 1.1 merge key and does not treat a quoted "<<" as one', () => {
    const yaml11 = walker('%YAML 1.1\n---\nbase: &b { image: merged }\nuse: { <<: *b }\n');
    expect(stringAt(yaml11, yaml11.get(yaml11.root, 'use'), 'image')).toBe('merged');
    const quoted = walker('base: &b { image: merged }\nuse: { "<<": *b }\n');
    expect(quoted.get(quoted.get(quoted.root, 'use'), 'image')).toBeUndefined();
  });

  it('stops at a mapping that merges itself', () => {
    const walk = walker('loop: &loop\n  image: self\n  <<: *loop\n');
    expect(stringAt(walk, walk.get(walk.root, 'loop'), 'image')).toBe('self');
  });
});
