import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/types';

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64url = (data: Uint8Array | string) => isoBase64URL.fromBuffer(typeof data === 'string' ? new TextEncoder().encode(data) : data);

// authenticatorData flags (WebAuthn §6.1): user present, user verified, attested credential data included.
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/**
 * A software WebAuthn authenticator (ES256, "none" attestation) for the integration tests: it answers
 * the portal's registration and authentication options the way a browser and a real authenticator
 * would, so that @simplewebauthn/server verifies real signatures, not mocks.
 */
export class SoftAuthenticator {
  readonly credentialId = new Uint8Array(randomBytes(32));
  private readonly keys: { publicKey: KeyObject; privateKey: KeyObject } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  counter = 0;

  constructor(
    readonly rpID: string,
    readonly origin: string,
  ) {}

  get id(): string {
    return b64url(this.credentialId);
  }

  private cosePublicKey(): Uint8Array {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, isoBase64URL.toBuffer(jwk.x!)],
      [-3, isoBase64URL.toBuffer(jwk.y!)],
    ]);
    return isoCBOR.encode(cose);
  }

  private authData(flags: number, counter: number, attested?: Uint8Array): Uint8Array {
    const head = Buffer.alloc(37);
    sha256(this.rpID).copy(head, 0);
    head[32] = flags;
    head.writeUInt32BE(counter, 33);
    return new Uint8Array(attested ? Buffer.concat([head, attested]) : head);
  }

  /** An answer to registration options (`navigator.credentials.create`). */
  register(options: { challenge: string }, overrides: { origin?: string } = {}): RegistrationResponseJSON {
    const clientDataJSON = JSON.stringify({
      type: 'webauthn.create',
      challenge: options.challenge,
      origin: overrides.origin ?? this.origin,
      crossOrigin: false,
    });
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, this.cosePublicKey()]);
    const authData = this.authData(UP | UV | AT, this.counter, attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]) as never,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
    };
  }

  /**
   * An answer to authentication options (`navigator.credentials.get`). The signature counter moves on by
   * one unless `counter` says which value to send (a cloned authenticator sends an old one).
   */
  assert(
    options: { challenge: string },
    overrides: { origin?: string; counter?: number; userVerified?: boolean; userHandle?: string; shortSignature?: boolean } = {},
  ): AuthenticationResponseJSON {
    const counter = overrides.counter ?? ++this.counter;
    const clientDataJSON = JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: overrides.origin ?? this.origin, crossOrigin: false });
    const authData = this.authData(UP | (overrides.userVerified === false ? 0 : UV), counter);
    const signed = Buffer.concat([authData, sha256(clientDataJSON)]);
    let signature = sign('sha256', signed, this.keys.privateKey);
    // `shortSignature`: one whose r or s has fewer than 32 significant bytes (about one in 128 signatures),
    // which @simplewebauthn/server 9 could not verify.
    while (overrides.shortSignature && !hasShortComponent(signature)) signature = sign('sha256', signed, this.keys.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(new Uint8Array(signature)),
        userHandle: overrides.userHandle,
      },
      clientExtensionResults: {},
    };
  }
}

/** Whether a DER ECDSA signature's r or s, leading zeros stripped, is shorter than 32 bytes. */
function hasShortComponent(der: Buffer): boolean {
  const rLength = der[3]!;
  const r = der.subarray(4, 4 + rLength);
  const s = der.subarray(4 + rLength + 2, 4 + rLength + 2 + der[4 + rLength + 1]!);
  const significant = (n: Buffer) => n.length - (n.findIndex((b) => b !== 0) === -1 ? n.length : n.findIndex((b) => b !== 0));
  return significant(r) < 32 || significant(s) < 32;
}
