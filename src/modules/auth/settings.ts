import type { Config } from "../../config.ts";

/** Everything the login machinery needs from the configuration, plus the clock (tests move it). */
export interface AuthSettings {
  /** Base for links such as `/os/enrol/<token>`, without a trailing slash. */
  publicUrl: string;
  /** The WebAuthn origin (scheme, host, port) and relying party id (host) derived from it. */
  origin: string;
  rpId: string;
  rpName: string;
  secretKey: string;
  /** Cookies get `Secure` and the `__Host-` prefix when the product is published over HTTPS. */
  secureCookies: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  enrolmentLinkMs: number;
  challengeMs: number;
  failureLimit: number;
  failureWindowMs: number;
  now: () => Date;
}

const HOUR = 3_600_000;

export type AuthConfig = Pick<
  Config,
  "publicUrl" | "secretKey" | "sessionIdleHours" | "sessionAbsoluteHours" | "enrolmentLinkHours"
>;

export function authSettings(config: AuthConfig, now: () => Date = () => new Date()): AuthSettings {
  const url = new URL(config.publicUrl);
  return {
    publicUrl: config.publicUrl,
    origin: url.origin,
    rpId: url.hostname,
    rpName: "NADOO",
    secretKey: config.secretKey,
    secureCookies: url.protocol === "https:",
    sessionIdleMs: config.sessionIdleHours * HOUR,
    sessionAbsoluteMs: config.sessionAbsoluteHours * HOUR,
    enrolmentLinkMs: config.enrolmentLinkHours * HOUR,
    challengeMs: 5 * 60_000,
    failureLimit: 10,
    failureWindowMs: 15 * 60_000,
    now,
  };
}
