/**
 * The staff console's use cases (SPEC §10); this first part manages users and their enrolment links.
 */
import type { Database } from "../../db/connection.ts";
import { NotFoundError } from "../../lib/errors.ts";
import type { ActorContext } from "../audit/service.ts";
import { type IssuedEnrolmentLink, issueEnrolmentLink } from "../auth/enrolment.ts";
import type { AuthSettings } from "../auth/settings.ts";
import type { User } from "../identity/schema.ts";
import { createUser, findUserById, type NewUser } from "../identity/service.ts";
import { assertMayCreateUser, assertMayIssueEnrolmentLink } from "./policy.ts";

/** A signed-in person acting in the console. */
export interface StaffActor {
  user: User;
  context: ActorContext;
}

export async function createUserAsStaff(
  db: Database,
  actor: StaffActor,
  input: Omit<NewUser, "legacyCode">,
): Promise<User> {
  assertMayCreateUser(actor.user, input);
  return createUser(db, actor.context, input);
}

export async function issueEnrolmentLinkAsStaff(
  db: Database,
  settings: Pick<AuthSettings, "publicUrl" | "enrolmentLinkMs" | "now">,
  actor: StaffActor,
  userId: string,
): Promise<IssuedEnrolmentLink> {
  const target = await findUserById(db, userId);
  if (!target) throw new NotFoundError("There is no user with this id.");
  assertMayIssueEnrolmentLink(actor.user, target);
  return issueEnrolmentLink(db, settings, actor.context, target.id);
}
