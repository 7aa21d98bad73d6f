import { describe, expect, it } from '@jest/globals';
import { compileGlobs, DEFAULT_INCLUDE, matchesGlobs } from '../../src/discover/globs.js';

describe('DEFAULT_INCLUDE', () => {
  it.each([
    'Dockerfile',
    'services/api/Dockerfile',
    'Containerfile',
    'images/base/Containerfile.fedora',
    'Dockerfile.dev',
    '.devcontainer/Dockerfile',
    'build/api.Dockerfile',
    'build/api.dockerfile',
    'compose.yaml',
    'compose.override.yml',
    'docker-compose.yml',
    'deploy/docker-compose.prod.yaml',
    '.github/workflows/ci.yml',
    '.github/workflows/release.yaml',
    'action.yml',
    'actions/setup/action.yaml',
    'k8s/base/deployment.yaml',
    'charts/app/values.yml',
  ])('includes %s', (path) => {
    expect(matchesGlobs(path, DEFAULT_INCLUDE, [])).toBe(true);
  });

  it.each([
    'README.md',
    'src/index.ts',
    'MyDockerfile',
    'dockerfile',
    'Dockerfile-old',
    'compose.json',
    'config.yaml.bak',
    'deploy/values.toml',
  ])('does not include %s', (path) => {
    expect(matchesGlobs(path, DEFAULT_INCLUDE, [])).toBe(false);
  });
});

describe('matchesGlobs', () => {
  it('drops paths matched by an exclude glob', () => {
    expect(matchesGlobs('test/fixtures/x.yaml', DEFAULT_INCLUDE, ['test/fixtures/**'])).toBe(false);
    expect(matchesGlobs('deploy/x.yaml', DEFAULT_INCLUDE, ['test/fixtures/**'])).toBe(true);
    expect(matchesGlobs('a/b.expected.yaml', DEFAULT_INCLUDE, ['**/*.expected.yaml'])).toBe(false);
  });

  it('treats an excluded directory as excluding everything beneath it', () => {
    expect(matchesGlobs('vendor/lib/Dockerfile', DEFAULT_INCLUDE, ['vendor'])).toBe(false);
    expect(matchesGlobs('src/testdata/deep/compose.yaml', DEFAULT_INCLUDE, ['**/testdata'])).toBe(false);
    expect(matchesGlobs('vendorized/Dockerfile', DEFAULT_INCLUDE, ['vendor'])).toBe(true);
  });

  it('matches dotfiles and dot directories', () => {
    expect(matchesGlobs('.hidden/compose.yaml', ['**/compose.yaml'], [])).toBe(true);
    expect(matchesGlobs('.hidden/compose.yaml', ['**/*.yaml'], ['**/.hidden/**'])).toBe(false);
  });

  it('includes nothing without include globs', () => {
    expect(matchesGlobs('Dockerfile', [], [])).toBe(false);
  });

  it('is case-sensitive, like the file systems pinbot mostly runs on', () => {
    expect(matchesGlobs('DOCKERFILE', ['**/Dockerfile'], [])).toBe(false);
  });
});

describe('compileGlobs', () => {
  it('says which directories need not be entered', () => {
    const filter = compileGlobs(DEFAULT_INCLUDE, ['vendor/**', 'docs']);
    expect(filter.excludesDirectory('vendor')).toBe(true);
    expect(filter.excludesDirectory('vendor/a/b')).toBe(true);
    expect(filter.excludesDirectory('docs')).toBe(true);
    expect(filter.excludesDirectory('src')).toBe(false);
    expect(filter.excludesDirectory('src/docs-site')).toBe(false);
  });
});
