/**
 * Who may run the platform: staff and superusers (SPEC §1, §10). Pure functions; the services call
 * them so every entry point (API, console, CLI) applies the same rules.
 */
import { ForbiddenError } from "../../lib/errors.ts";
import type { User } from "../identity/schema.ts";

type Flags = Pick<User, "isActive" | "isStaff" | "isSuperuser">;

export function isStaffMember(user: Flags): boolean {
  return user.isActive && (user.isStaff || user.isSuperuser);
}

export function assertStaff(actor: Flags): void {
  if (!isStaffMember(actor)) throw new ForbiddenError("Only staff may do this.");
}

/** Staff create users; only superusers create staff or superusers. */
export function assertMayCreateUser(
  actor: Flags,
  wanted: { isStaff?: boolean; isSuperuser?: boolean },
): void {
  assertStaff(actor);
  if ((wanted.isStaff || wanted.isSuperuser) && !actor.isSuperuser) {
    throw new ForbiddenError("Only superusers may create staff members or superusers.");
  }
}

/**
 * Staff issue enrolment links; for a staff member's or superuser's account only a superuser may,
 * since a link lets its holder add a passkey to that account.
 */
export function assertMayIssueEnrolmentLink(actor: Flags, target: Flags): void {
  assertStaff(actor);
  if ((target.isStaff || target.isSuperuser) && !actor.isSuperuser) {
    throw new ForbiddenError("Only superusers may issue enrolment links for staff members or superusers.");
  }
}
