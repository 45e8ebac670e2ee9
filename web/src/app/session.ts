/**
 * Who is signed in (GET /api/auth/me) and what they hold per customer (GET /api/os/me/roles).
 * A 401 means "not signed in": the session is null, not an error.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, setCsrfToken, unwrap } from "../api/client";
import type { paths } from "../api/schema";
import { applyUserLanguage, changeLanguage } from "../i18n";
import type { Language } from "../lib/format";
import type { MyRoles } from "./navigation";

export type Session = paths["/api/auth/me"]["get"]["responses"][200]["content"]["application/json"];

export const SESSION_KEY = ["session"] as const;
export const ROLES_KEY = ["me", "roles"] as const;

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await unwrap(api.GET("/api/auth/me"));
    setCsrfToken(session.csrfToken);
    // The saved language wins over this device's last choice; a failed load of its texts is no
    // reason to fail the session.
    await applyUserLanguage(session.user.language).catch(() => undefined);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
}

export function useMyRoles() {
  return useQuery<MyRoles>({
    queryKey: ROLES_KEY,
    queryFn: () => unwrap(api.GET("/api/os/me/roles")),
    staleTime: 30_000,
  });
}

/** After signing in or out: forget everything cached for the previous user. */
export function useResetSession() {
  const client = useQueryClient();
  return async () => {
    client.clear();
    await client.fetchQuery({ queryKey: SESSION_KEY, queryFn: fetchSession });
  };
}

/**
 * Switches the app's language at once and, when signed in, saves it to the profile
 * (PATCH /api/auth/me), so it follows the user to the next sign-in and other devices. Rejects with
 * the ApiError when saving failed; the app keeps showing the chosen language.
 */
export function useChooseLanguage() {
  const client = useQueryClient();
  return async (language: Language): Promise<void> => {
    await changeLanguage(language);
    if (!client.getQueryData<Session | null>(SESSION_KEY)) return;
    const { user } = await unwrap(api.PATCH("/api/auth/me", { body: { language } }));
    client.setQueryData<Session | null>(SESSION_KEY, (current) => (current ? { ...current, user } : current));
  };
}
