import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  canonicalRegistryName,
  formatHostPort,
  mirrorEndpoint,
  parseHostPort,
  parseInsecureRegistries,
  parseMirrors,
  registryEndpoint,
} from '../../../src/registry/client/hosts.js';

const none = parseInsecureRegistries(undefined);

describe('registryEndpoint', () => {
  it.each([
    ['docker.io', 'https://registry-1.docker.io', 'docker.io'],
    ['index.docker.io', 'https://registry-1.docker.io', 'docker.io'],
    ['ghcr.io', 'https://ghcr.io', 'ghcr.io'],
    ['registry.example.com:8443', 'https://registry.example.com:8443', 'registry.example.com:8443'],
    ['localhost', 'http://localhost', 'localhost'],
    ['localhost:5000', 'http://localhost:5000', 'localhost:5000'],
    ['127.0.0.1:41234', 'http://127.0.0.1:41234', '127.0.0.1:41234'],
    ['127.8.9.10:5000', 'http://127.8.9.10:5000', '127.8.9.10:5000'],
    ['[::1]:5000', 'http://[::1]:5000', '[::1]:5000'],
    ['10.0.0.5:5000', 'https://10.0.0.5:5000', '10.0.0.5:5000'],
    ['0.0.0.0:5000', 'https://0.0.0.0:5000', '0.0.0.0:5000'],
  ])('%s → %s', (registry, origin, credentialKey) => {
    expect(registryEndpoint(registry, none)).toMatchObject({ origin, credentialKey, registry: canonicalRegistryName(registry) });
  });

  it('refuses names that are not host[:port]', () => {
    for (const bad of ['', 'ghcr.io/evil', 'a b', 'host:99999', 'host:', 'user@host', '[::1', 'https://ghcr.io']) {
      expect(registryEndpoint(bad, none)).toBeUndefined();
    }
  });

  it('uses plain HTTP for listed insecure registries: by host on any port, or host:port exactly', () => {
    const insecure = parseInsecureRegistries(' registry.lan , mirror.corp:5000,http://10.1.1.1:8080/ ');
    expect(insecure.invalid).toEqual([]);
    expect(registryEndpoint('registry.lan:1234', insecure)?.scheme).toBe('http');
    expect(registryEndpoint('mirror.corp:5000', insecure)?.scheme).toBe('http');
    expect(registryEndpoint('mirror.corp:5001', insecure)?.scheme).toBe('https');
    expect(registryEndpoint('mirror.corp', insecure)?.scheme).toBe('https');
    expect(registryEndpoint('10.1.1.1:8080', insecure)?.scheme).toBe('http');
    expect(registryEndpoint('registry.lan.example.com', insecure)?.scheme).toBe('https');
  });
});

describe('parseInsecureRegistries', () => {
  it('reports entries that are not host[:port] and keeps the rest', () => {
    expect(parseInsecureRegistries('ok.example,bad host,, also/bad ,[::1]:5000')).toEqual({
      hosts: [
        { hostname: 'ok.example', port: undefined },
        { hostname: '[::1]', port: 5000 },
      ],
      invalid: ['bad host', 'also/bad'],
    });
  });
});

describe('parseHostPort', () => {
  it('round-trips any DNS host and port', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    // URLs read a name whose last label is numeric (or 0x…) as an IPv4 address, so real TLDs start with a letter.
    const tld = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/).filter((t) => !/^0x/.test(t));
    const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
    fc.assert(
      fc.property(fc.array(label, { maxLength: 3 }), tld, port, (labels, last, portNumber) => {
        const hostname = [...labels, last].join('.');
        expect(parseHostPort(formatHostPort({ hostname, port: portNumber }))).toEqual({ hostname, port: portNumber });
      }),
    );
  });

  it('rejects names that URLs would misread as IPv4 addresses', () => {
    expect(parseHostPort('a.0')).toBeUndefined();
    expect(parseHostPort('registry.256')).toBeUndefined();
    expect(parseHostPort('127.1')).toEqual({ hostname: '127.0.0.1', port: undefined });
  });
});

describe('mirrors', () => {
  it('normalises registry keys and reports bad entries', () => {
    const parsed = parseMirrors({ 'index.docker.io': 'mirror.gcr.io', 'ghcr.io': 'not a host', 'bad/key': 'x.example' });
    expect([...parsed.mirrors]).toEqual([['docker.io', 'mirror.gcr.io']]);
    expect(parsed.invalid).toEqual([
      'mirror for ghcr.io ("not a host") is not a host[:port]',
      'mirror key "bad/key" is not a registry host[:port]',
    ]);
  });

  it('gives a mirror its own scheme and credential key', () => {
    expect(mirrorEndpoint('docker.io', 'localhost:5555', none)).toEqual({
      registry: 'docker.io',
      host: 'localhost:5555',
      hostname: 'localhost',
      scheme: 'http',
      port: 5555,
      origin: 'http://localhost:5555',
      credentialKey: 'localhost:5555',
      credentialKeys: ['localhost:5555'],
    });
  });
});

describe('credential keys: one registry, however its default port is written', () => {
  it.each([
    ['registry.example.com', ['registry.example.com']],
    ['registry.example.com:443', ['registry.example.com:443', 'registry.example.com']],
    ['registry.example.com:80', ['registry.example.com:80']],
    ['registry.example.com:8443', ['registry.example.com:8443']],
    ['localhost:80', ['localhost:80', 'localhost']],
    ['localhost:443', ['localhost:443']],
    ['docker.io', ['docker.io']],
  ])('%s looks up %j', (registry, keys) => {
    expect(registryEndpoint(registry, none)?.credentialKeys).toEqual(keys);
  });

  it('states the port of the origin requests go to', () => {
    expect(registryEndpoint('ghcr.io', none)).toMatchObject({ scheme: 'https', hostname: 'ghcr.io', port: 443 });
    expect(registryEndpoint('localhost', none)).toMatchObject({ scheme: 'http', hostname: 'localhost', port: 80 });
    expect(registryEndpoint('[::1]:5000', none)).toMatchObject({ scheme: 'http', hostname: '[::1]', port: 5000 });
  });

  it('keeps an insecure-listed host:443 apart from the HTTPS registry of the same name', () => {
    const insecure = parseInsecureRegistries('registry.lan:443');
    expect(registryEndpoint('registry.lan:443', insecure)?.credentialKeys).toEqual(['registry.lan:443']);
  });
});
