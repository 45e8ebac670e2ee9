/**
 * The staff users pages' types and query keys (GET /api/staff/users, .../{id}).
 */
import type { paths } from "../../../api/schema";

export type StaffUser =
  paths["/api/staff/users/{id}"]["get"]["responses"][200]["content"]["application/json"];
export type StaffUserListItem =
  paths["/api/staff/users"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

export const PAGE_SIZE = 25;

export const staffUsersKey = ["staff", "users"] as const;
export const staffUserKey = (userId: string) => ["staff", "users", userId] as const;
