/** Self-signed certificates for TLS tests, made with openssl(1). */
import { execFileSync } from 'node:child_process';

/**
 * Writes a new RSA key (unencrypted) and a self-signed certificate for `CN=localhost`, valid one day;
 * `subjectAltName` (e.g. `DNS:localhost,IP:127.0.0.1`) as an extension when given.
 */
export function selfSignedCertificate(files: { key: string; cert: string; subjectAltName?: string }): void {
  const san = files.subjectAltName ? ['-addext', `subjectAltName=${files.subjectAltName}`] : [];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      ...san,
      '-keyout',
      files.key,
      '-out',
      files.cert,
    ],
    { stdio: 'ignore' },
  );
}
