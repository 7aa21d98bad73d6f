import { describe, expect, it } from '@jest/globals';
import { classifyHost, isLoopbackHost } from '../../../src/registry/client/addresses.js';

describe('classifyHost', () => {
  it.each([
    ['ghcr.io', 'public'],
    ['registry-1.docker.io', 'public'],
    ['8.8.8.8', 'public'],
    ['[2001:4860:4860::8888]', 'public'],
    ['localhost', 'loopback'],
    ['LOCALHOST.', 'loopback'],
    ['api.localhost', 'loopback'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['[::1]', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.20', 'private'],
    ['100.64.0.1', 'private'],
    ['[fd12:3456::1]', 'private'],
    ['[fc00::1]', 'private'],
    ['169.254.1.1', 'link-local'],
    ['[fe80::1]', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['metadata.google.internal', 'metadata'],
    ['Metadata.Google.Internal.', 'metadata'],
    ['[fd00:ec2::254]', 'metadata'],
    ['224.0.0.1', 'reserved'],
    ['[ff02::1]', 'reserved'],
    ['', 'reserved'],
    ['exa mple.com', 'reserved'],
  ])('%s is %s', (host, expected) => {
    expect(classifyHost(host)).toBe(expected);
  });

  it.each([
    ['2130706433', 'loopback'], // decimal 127.0.0.1
    ['0x7f.1', 'loopback'],
    ['127.1', 'loopback'],
    ['0xa9fea9fe', 'metadata'], // 169.254.169.254 in hex
    ['[::ffff:169.254.169.254]', 'metadata'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['[64:ff9b::a9fe:a9fe]', 'metadata'],
  ])('sees through the alternative spelling %s (%s)', (host, expected) => {
    expect(classifyHost(host)).toBe(expected);
  });
});

describe('isLoopbackHost', () => {
  it.each(['localhost', '127.0.0.1', '127.3.4.5', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['0.0.0.0', '[::]', '10.0.0.1', 'localhost.example.com', 'ghcr.io'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('classifyHost on names and ranges a hand-written parser missed', () => {
  it.each([
    ['registry', 'private'], // one label: a cluster service through the search domains
    ['registry.default.svc', 'private'],
    ['registry.default.svc.cluster.local', 'private'],
    ['printer.local', 'private'],
    ['build.internal', 'private'],
    ['nas.home.arpa', 'private'],
    ['localhost.localdomain', 'loopback'],
    ['ip6-localhost', 'loopback'],
    ['[::]', 'loopback'],
    ['0', 'loopback'], // 0.0.0.0 spelled as a number
    ['017700000001', 'loopback'], // octal 127.0.0.1
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['[::ffff:0:a00:1]', 'private'], // IPv4-translated 10.0.0.1
    ['[fec0::1]', 'private'],
    ['192.0.0.192', 'metadata'],
    ['255.255.255.255', 'reserved'],
    ['[2001:db8::1]', 'reserved'],
    ['[64:ff9b:1::a9fe:a9fe]', 'reserved'],
    ['[2606:4700::1111]', 'public'],
    ['1.1.1.1', 'public'],
  ])('%s is %s', (host, expected) => {
    expect(classifyHost(host)).toBe(expected);
  });
});
