import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../identity/schema.ts";

const bytea = customType<{ data: Uint8Array<ArrayBuffer>; driverData: Uint8Array }>({
  dataType: () => "bytea",
  // node-postgres returns a Buffer, PGlite a Uint8Array; both are Uint8Arrays.
  fromDriver: (value) => new Uint8Array(value),
});

const moment = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** A WebAuthn credential (passkey or security key) of a user. */
export const passkeys = pgTable(
  "passkeys",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The credential id as base64url, as the browser reports it. */
    credentialId: text("credential_id").notNull().unique("passkeys_credential_id_unique"),
    publicKey: bytea("public_key").notNull(),
    signCount: bigint("sign_count", { mode: "number" }).notNull().default(0),
    /** `singleDevice` (a security key: its counter must increase) or `multiDevice` (synced). */
    deviceType: text("device_type", { enum: ["singleDevice", "multiDevice"] }).notNull(),
    backedUp: boolean("backed_up").notNull(),
    transports: text("transports").array().notNull().default([]),
    name: text("name").notNull(),
    createdAt: moment("created_at").notNull().defaultNow(),
    lastUsedAt: moment("last_used_at"),
  },
  (table) => [index("passkeys_user_idx").on(table.userId)],
);

/** One-time links to register a first (or replacement) passkey. Only the token's hash is stored. */
export const enrolmentLinks = pgTable(
  "enrolment_links",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique("enrolment_links_token_hash_unique"),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: moment("created_at").notNull().defaultNow(),
    expiresAt: moment("expires_at").notNull(),
    usedAt: moment("used_at"),
    /** Set when a newer link for the same user replaced this one before it was used. */
    revokedAt: moment("revoked_at"),
  },
  (table) => [index("enrolment_links_user_idx").on(table.userId)],
);

/** Logged-in browser sessions. The cookie holds a random token; only its hash is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique("sessions_token_hash_unique"),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: moment("created_at").notNull(),
    lastSeenAt: moment("last_seen_at").notNull(),
    /** The absolute end; the idle end is `last_seen_at` + the idle timeout. */
    expiresAt: moment("expires_at").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (table) => [
    index("sessions_user_idx").on(table.userId),
    index("sessions_expires_at_idx").on(table.expiresAt),
  ],
);

/** Outstanding WebAuthn challenges: single use (deleted when consumed), five minutes. */
export const webauthnChallenges = pgTable(
  "webauthn_challenges",
  {
    challenge: text("challenge").primaryKey(),
    purpose: text("purpose", { enum: ["registration", "authentication"] }).notNull(),
    /** Registration: the user enrolling. Authentication by user code: that user; usernameless: null. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    enrolmentLinkId: uuid("enrolment_link_id").references(() => enrolmentLinks.id, { onDelete: "cascade" }),
    expiresAt: moment("expires_at").notNull(),
  },
  (table) => [index("webauthn_challenges_expires_at_idx").on(table.expiresAt)],
);

/**
 * Failed sign-in and enrolment attempts per subject (`ip:…`, `user:…`) in a fixed window, shared by
 * every app process through the database.
 */
export const authFailures = pgTable("auth_failures", {
  subject: text("subject").primaryKey(),
  failures: integer("failures").notNull(),
  windowStartedAt: moment("window_started_at").notNull(),
});

export type Passkey = typeof passkeys.$inferSelect;
export type EnrolmentLink = typeof enrolmentLinks.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type WebauthnChallenge = typeof webauthnChallenges.$inferSelect;
