/**
 * The staff user administration routes' rows of the authorization matrix (creating users and
 * enrolment links are in the matrix's own people group). Staff manage customers' people; the staff
 * and superuser flags, and staff members' accounts, are superusers' alone.
 */
import { isPlatform, type Kind, type Row, type RowGroup } from "../../testing/matrix.ts";
import { newUser } from "../../testing/people.ts";

interface Fixtures {
  personId: string;
  staffMemberId: string;
  deactivateId: string;
  reactivateId: string;
  unknownId: string;
}

const isSuperuser = (actor: Kind) => actor.kind === "superuser";

export const staffUsersMatrix: RowGroup<Fixtures> = {
  setup: async ({ db, unknownId }) => ({
    personId: (await newUser(db, "Matrix Person")).id,
    staffMemberId: (await newUser(db, "Matrix Staff Member", { isStaff: true })).id,
    deactivateId: (await newUser(db, "Matrix Deactivated")).id,
    reactivateId: (await newUser(db, "Matrix Reactivated")).id,
    unknownId,
  }),
  rows: [
    {
      method: "GET",
      route: "/api/staff/users",
      url: () => "/api/staff/users?q=Matrix&staff=false&active=true",
      allowed: isPlatform,
    },
    {
      method: "GET",
      route: "/api/staff/users/{id}",
      url: (f) => `/api/staff/users/${f.personId}`,
      allowed: isPlatform,
    },
    {
      method: "GET",
      route: "/api/staff/users/{id}",
      variant: "unknown user",
      url: (f) => `/api/staff/users/${f.unknownId}`,
      allowed: isPlatform,
      unknown: true,
    },
    {
      method: "PATCH",
      route: "/api/staff/users/{id}",
      url: (f) => `/api/staff/users/${f.personId}`,
      body: () => ({ displayName: "Matrix Person", language: "de" }),
      allowed: isPlatform,
    },
    {
      method: "PATCH",
      route: "/api/staff/users/{id}",
      variant: "the staff flag",
      url: (f) => `/api/staff/users/${f.personId}`,
      body: () => ({ isStaff: false }),
      allowed: isSuperuser,
    },
    {
      method: "PATCH",
      route: "/api/staff/users/{id}",
      variant: "a staff member's account",
      url: (f) => `/api/staff/users/${f.staffMemberId}`,
      body: () => ({ displayName: "Matrix Staff Member" }),
      allowed: isSuperuser,
    },
    {
      method: "PATCH",
      route: "/api/staff/users/{id}",
      variant: "unknown user",
      url: (f) => `/api/staff/users/${f.unknownId}`,
      body: () => ({ displayName: "Nobody" }),
      allowed: isPlatform,
      unknown: true,
    },
    ...(["deactivate", "reactivate"] as const).flatMap((action): Row<Fixtures>[] => [
      {
        method: "POST",
        route: `/api/staff/users/{id}/${action}`,
        url: (f) => `/api/staff/users/${action === "deactivate" ? f.deactivateId : f.reactivateId}/${action}`,
        allowed: isPlatform,
      },
      {
        method: "POST",
        route: `/api/staff/users/{id}/${action}`,
        variant: "a staff member's account",
        url: (f) => `/api/staff/users/${f.staffMemberId}/${action}`,
        allowed: isSuperuser,
      },
      {
        method: "POST",
        route: `/api/staff/users/{id}/${action}`,
        variant: "unknown user",
        url: (f) => `/api/staff/users/${f.unknownId}/${action}`,
        allowed: isPlatform,
        unknown: true,
      },
    ]),
  ],
};
