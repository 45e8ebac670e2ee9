/**
 * The staff console's use cases (SPEC §10); this first part manages users and their enrolment links.
 */
import type { Database } from "../../db/connection.ts";
import { NotFoundError } from "../../lib/errors.ts";
import {
  type Actor,
  assertMayCreateUser,
  assertMayIssueEnrolmentLink,
  assertStaff,
} from "../access/policy.ts";
import { type IssuedEnrolmentLink, issueEnrolmentLink } from "../auth/enrolment.ts";
import type { AuthSettings } from "../auth/settings.ts";
import type { User } from "../identity/schema.ts";
import { createUser, findUserById, type NewUser } from "../identity/service.ts";

export async function createUserAsStaff(
  db: Database,
  actor: Actor,
  input: Omit<NewUser, "legacyCode">,
): Promise<User> {
  assertMayCreateUser(actor.user, input);
  return createUser(db, actor.context, input);
}

export async function issueEnrolmentLinkAsStaff(
  db: Database,
  settings: Pick<AuthSettings, "publicUrl" | "enrolmentLinkMs" | "now">,
  actor: Actor,
  userId: string,
): Promise<IssuedEnrolmentLink> {
  assertStaff(actor.user);
  const target = await findUserById(db, userId);
  if (!target) throw new NotFoundError("There is no user with this id.");
  assertMayIssueEnrolmentLink(actor, target);
  return issueEnrolmentLink(db, settings, actor.context, target.id);
}
