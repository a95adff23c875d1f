/**
 * The local broker's secrets: a certificate authority, the broker's TLS keystores, a client certificate for
 * mutual TLS, an unrelated CA (to try a certificate the client does not trust) and one SASL user. Generated
 * with `openssl` on first use into `<cluster dir>/secrets/` (git-ignored, like everything under `.kafka/`),
 * and kept: delete the folder (or start with `--fresh`) to get new ones.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Name the broker's own certificate carries besides 127.0.0.1 and localhost: none other. */
const BROKER_NAMES = 'IP:127.0.0.1,DNS:localhost';
/** The name of the certificate served on the wrong-host listener: not 127.0.0.1, not localhost. */
export const WRONG_HOST_NAME = 'wrong-host.invalid';
/** The SASL user (SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN) of the local broker. */
export const SASL_USERNAME = 'karafka';
const VALID_DAYS = '3650';
const completeMarker = '.complete';

/** Where each secret is, and the generated passwords. */
export interface LocalSecrets {
  readonly dir: string;
  /** PEM certificate of the CA that signed the broker's and the client's certificates (`ssl.ca.location`). */
  readonly caFile: string;
  /** PEM certificate of a CA that signed nothing here: trusting only it must fail verification. */
  readonly otherCaFile: string;
  /** Client certificate (PEM) signed by the CA, for mutual TLS (`ssl.certificate.location`). */
  readonly clientCertFile: string;
  /** The client certificate's private key (PEM, unencrypted; `ssl.key.location`). */
  readonly clientKeyFile: string;
  /** The client key and certificate as a PKCS#12 keystore (`ssl.keystore.location`). */
  readonly clientKeystoreFile: string;
  /** Password of `clientKeystoreFile` (`ssl.keystore.password`). */
  readonly clientKeystorePassword: string;
  /** The broker's keystore (PKCS#12): its key and a certificate for 127.0.0.1 and localhost. */
  readonly brokerKeystoreFile: string;
  /** A broker keystore whose certificate names only `wrong-host.invalid`. */
  readonly wrongHostKeystoreFile: string;
  /** Password of both broker keystores. */
  readonly brokerKeystorePassword: string;
  /** The SASL user name. */
  readonly username: string;
  /** The SASL user's password (SCRAM and PLAIN). */
  readonly password: string;
}

interface StoredPasswords {
  readonly username: string;
  readonly password: string;
  readonly clientKeystorePassword: string;
  readonly brokerKeystorePassword: string;
}

function files(dir: string): Omit<LocalSecrets, keyof StoredPasswords | 'dir'> {
  return {
    caFile: path.join(dir, 'ca.pem'),
    otherCaFile: path.join(dir, 'other-ca.pem'),
    clientCertFile: path.join(dir, 'client.pem'),
    clientKeyFile: path.join(dir, 'client.key'),
    clientKeystoreFile: path.join(dir, 'client.p12'),
    brokerKeystoreFile: path.join(dir, 'broker.p12'),
    wrongHostKeystoreFile: path.join(dir, 'wrong-host.p12'),
  };
}

/** A password of letters, digits, `-` and `_` (safe inside Kafka's `[name=...,password=...]` syntax). */
function newPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** The secrets in `dir`, generated first when they are not complete. */
export function ensureSecrets(dir: string, log: (line: string) => void = console.log): LocalSecrets {
  const credentialsFile = path.join(dir, 'credentials.json');
  const expected = [...Object.values(files(dir)), credentialsFile, path.join(dir, completeMarker)];
  if (!expected.every((file) => existsSync(file))) {
    log(`Generating a CA, TLS certificates and SASL credentials for the local Kafka into ${dir} ...`);
    generate(dir, credentialsFile);
  }
  const stored = JSON.parse(readFileSync(credentialsFile, 'utf8')) as StoredPasswords;
  return { dir, ...files(dir), ...stored };
}

function generate(dir: string, credentialsFile: string): void {
  requireOpenssl();
  // Build in a scratch folder and rename it into place, so an interrupted run never leaves half a set.
  const work = `${dir}.tmp-${String(process.pid)}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const out = files(work);
  const passwords: StoredPasswords = {
    username: SASL_USERNAME,
    password: newPassword(),
    clientKeystorePassword: newPassword(),
    brokerKeystorePassword: newPassword(),
  };
  const caKey = path.join(work, 'ca.key');
  selfSignedCa(caKey, out.caFile, 'karafka-ts local Kafka CA');
  // The unrelated CA: only its certificate is kept.
  const otherKey = path.join(work, 'other-ca.key');
  selfSignedCa(otherKey, out.otherCaFile, 'karafka-ts unrelated CA');
  rmSync(otherKey);

  const broker = signedCertificate(work, 'broker', 'localhost', `subjectAltName=${BROKER_NAMES}`, 'serverAuth');
  pkcs12(broker, out.caFile, out.brokerKeystoreFile, passwords.brokerKeystorePassword);
  const wrongHost = signedCertificate(
    work,
    'wrong-host',
    WRONG_HOST_NAME,
    `subjectAltName=DNS:${WRONG_HOST_NAME}`,
    'serverAuth',
  );
  pkcs12(wrongHost, out.caFile, out.wrongHostKeystoreFile, passwords.brokerKeystorePassword);
  const client = signedCertificate(work, 'client', 'karafka-client', undefined, 'clientAuth');
  pkcs12(client, out.caFile, out.clientKeystoreFile, passwords.clientKeystorePassword);
  writeFileSync(out.clientCertFile, readFileSync(client.cert));
  writeFileSync(out.clientKeyFile, readFileSync(client.key), { mode: 0o600 });
  for (const name of ['broker', 'wrong-host', 'client']) {
    for (const suffix of ['key', 'crt', 'csr', 'ext'])
      rmSync(path.join(work, `${name}.work.${suffix}`), { force: true });
  }
  // The CA key signs nothing more: new certificates come with a new CA (delete the folder).
  rmSync(caKey);
  rmSync(path.join(work, 'ca.srl'), { force: true });
  writeFileSync(path.join(work, 'credentials.json'), `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  writeFileSync(path.join(work, completeMarker), `${new Date().toISOString()}\n`);
  // Another start may have generated a set meanwhile: the first complete set wins, the other is dropped.
  const complete = [...Object.values(files(dir)), credentialsFile].every((file) => existsSync(file));
  if (!complete || !existsSync(path.join(dir, completeMarker))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.dirname(dir), { recursive: true });
    try {
      renameSync(work, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  }
  rmSync(work, { recursive: true, force: true });
  if (!existsSync(credentialsFile)) throw new Error(`Generating the local Kafka's secrets left no ${credentialsFile}`);
}

function requireOpenssl(): void {
  const probe = spawnSync('openssl', ['version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      "'openssl' was not found: it generates the local Kafka's TLS certificates. Install it (Debian: openssl)",
    );
  }
}

function openssl(args: string[], what: string): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`openssl could not ${what} (exit ${String(result.status)}):\n${result.stderr}`);
  }
}

/** An EC P-256 key: quick to make, and accepted by Java's TLS and by OpenSSL's. */
function newKey(file: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], 'create a key');
}

function selfSignedCa(keyFile: string, certFile: string, name: string): void {
  newKey(keyFile);
  const ext = `${certFile}.ext`;
  writeFileSync(
    ext,
    [
      '[req]',
      'distinguished_name = dn',
      'x509_extensions = ca',
      'prompt = no',
      '[dn]',
      `CN = ${name}`,
      '[ca]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      '',
    ].join('\n'),
  );
  openssl(
    ['req', '-x509', '-new', '-key', keyFile, '-out', certFile, '-days', VALID_DAYS, '-config', ext, '-sha256'],
    `create the CA '${name}'`,
  );
  rmSync(ext);
}

interface KeyPair {
  readonly key: string;
  readonly cert: string;
}

/** A key and a certificate for `commonName` signed by the CA in `dir` (`ca.key`, `ca.pem`). */
function signedCertificate(
  dir: string,
  name: string,
  commonName: string,
  subjectAltName: string | undefined,
  usage: 'serverAuth' | 'clientAuth',
): KeyPair {
  const key = path.join(dir, `${name}.work.key`);
  const csr = path.join(dir, `${name}.work.csr`);
  const cert = path.join(dir, `${name}.work.crt`);
  const ext = path.join(dir, `${name}.work.ext`);
  newKey(key);
  openssl(['req', '-new', '-key', key, '-out', csr, '-subj', `/CN=${commonName}`], `create the request for ${name}`);
  writeFileSync(
    ext,
    [
      'basicConstraints = CA:FALSE',
      'keyUsage = critical, digitalSignature, keyAgreement',
      `extendedKeyUsage = ${usage}`,
      ...(subjectAltName === undefined ? [] : [subjectAltName]),
      '',
    ].join('\n'),
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      path.join(dir, 'ca.pem'),
      '-CAkey',
      path.join(dir, 'ca.key'),
      '-CAcreateserial',
      '-out',
      cert,
      '-days',
      VALID_DAYS,
      '-sha256',
      '-extfile',
      ext,
    ],
    `sign the certificate of ${name}`,
  );
  return { key, cert };
}

function pkcs12(pair: KeyPair, caFile: string, out: string, password: string): void {
  openssl(
    [
      'pkcs12',
      '-export',
      '-in',
      pair.cert,
      '-inkey',
      pair.key,
      '-certfile',
      caFile,
      '-name',
      path.basename(out, '.p12'),
      '-out',
      out,
      '-passout',
      `pass:${password}`,
    ],
    `write the keystore ${path.basename(out)}`,
  );
}
