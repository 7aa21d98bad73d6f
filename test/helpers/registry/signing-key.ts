/**
 * The token server's signing key, made with openssl at test time: a throwaway RSA key and a
 * self-signed certificate, which the registry trusts through `auth.token.rootcertbundle`.
 */
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { libtrustKeyId } from './libtrust-key-id.js';

const run = promisify(execFile);

export interface SigningKey {
  privateKey: KeyObject;
  /** libtrust key ID of the certificate's public key: the JWT `kid` the registry looks up. */
  keyId: string;
  /** PEM certificate to hand to the registry as its root certificate bundle. */
  certificatePath: string;
}

export async function createSigningKey(directory: string, commonName: string): Promise<SigningKey> {
  const keyPath = join(directory, 'token-signing-key.pem');
  const certificatePath = join(directory, 'token-signing-cert.pem');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certificatePath];
  try {
    await run('openssl', [...args, '-days', '2', '-subj', `/CN=${commonName}`]);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'openssl is not installed (apt-get install -y openssl)'
        : String((error as { stderr?: string }).stderr ?? error);
    throw new Error(`token server: could not create a signing certificate with openssl: ${reason}`, { cause: error });
  }
  const certificate = new X509Certificate(await readFile(certificatePath));
  return {
    privateKey: createPrivateKey(await readFile(keyPath)),
    keyId: libtrustKeyId(certificate.publicKey.export({ type: 'spki', format: 'der' })),
    certificatePath,
  };
}
