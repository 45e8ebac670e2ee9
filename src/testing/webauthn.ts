/**
 * A software WebAuthn authenticator for tests: makes real P-256 credentials and signs real
 * assertions, so the server's verification runs unchanged. Device-bound credentials count their
 * signatures; synced ones (backup eligible) report 0, as platform passkeys do.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_BACKUP_ELIGIBLE = 0x08;
const FLAG_BACKED_UP = 0x10;
const FLAG_ATTESTED_DATA = 0x40;

export interface SoftwareCredential {
  id: Buffer;
  privateKey: KeyObject;
  userHandle: string;
  rpId: string;
  synced: boolean;
  counter: number;
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();
const b64url = (data: Buffer | Uint8Array) => Buffer.from(data).toString("base64url");

function counterBytes(counter: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(counter);
  return buffer;
}

export class SoftwareAuthenticator {
  readonly credentials: SoftwareCredential[] = [];

  constructor(
    private readonly origin: string,
    private readonly options: { synced?: boolean } = {},
  ) {}

  private flags(synced: boolean, extra = 0): number {
    return (
      FLAG_USER_PRESENT | FLAG_USER_VERIFIED | (synced ? FLAG_BACKUP_ELIGIBLE | FLAG_BACKED_UP : 0) | extra
    );
  }

  private clientData(type: string, challenge: string, origin = this.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    overrides: { origin?: string } = {},
  ): RegistrationResponseJSON {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const cosePublicKey = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x as string, "base64url")],
        [-3, Buffer.from(jwk.y as string, "base64url")],
      ]),
    );
    const synced = this.options.synced ?? false;
    const credential: SoftwareCredential = {
      id: randomBytes(32),
      privateKey,
      userHandle: options.user.id,
      rpId: options.rp.id ?? new URL(this.origin).hostname,
      synced,
      counter: 0,
    };
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      sha256(credential.rpId),
      Buffer.from([this.flags(synced, FLAG_ATTESTED_DATA)]),
      counterBytes(0),
      Buffer.alloc(16),
      idLength,
      credential.id,
      Buffer.from(cosePublicKey),
    ]);
    const attestation = new Map<string, string | Map<string, string> | Uint8Array>();
    attestation.set("fmt", "none");
    attestation.set("attStmt", new Map<string, string>());
    attestation.set("authData", authData);
    const attestationObject = isoCBOR.encode(attestation);
    this.credentials.push(credential);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: "public-key",
      response: {
        clientDataJSON: b64url(this.clientData("webauthn.create", options.challenge, overrides.origin)),
        attestationObject: b64url(attestationObject),
        transports: ["usb"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "cross-platform",
    };
  }

  /**
   * Signs the challenge with a credential the options allow (any of ours when they allow all).
   * `counter` replaces the next signature count, e.g. to replay an old one as a cloned key would.
   */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    overrides: { credential?: SoftwareCredential; counter?: number; origin?: string } = {},
  ): AuthenticationResponseJSON {
    const allowed = options.allowCredentials?.map((descriptor) => descriptor.id) ?? [];
    const credential =
      overrides.credential ??
      this.credentials.find((candidate) => allowed.length === 0 || allowed.includes(b64url(candidate.id)));
    if (!credential) throw new Error("No credential of this authenticator is allowed.");
    if (!credential.synced) credential.counter += 1;
    const counter = overrides.counter ?? (credential.synced ? 0 : credential.counter);
    const authData = Buffer.concat([
      sha256(credential.rpId),
      Buffer.from([this.flags(credential.synced)]),
      counterBytes(counter),
    ]);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, overrides.origin);
    const signature = sign(
      "sha256",
      Buffer.concat([authData, sha256(clientDataJSON)]),
      credential.privateKey,
    );
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: "cross-platform",
    };
  }
}
