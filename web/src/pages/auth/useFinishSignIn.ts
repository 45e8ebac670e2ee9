/**
 * What happens once a passkey ceremony has signed someone in: the new session's CSRF token is
 * used from now on and nothing cached for whoever used this browser before survives. Reloading
 * the session (`useResetSession`) also brings the person's saved language.
 */
import { useCallback } from "react";
import { setCsrfToken } from "../../api/client";
import { useResetSession } from "../../app/session";
import type { SignedIn } from "./ceremonies";

export function useFinishSignIn() {
  const reset = useResetSession();
  return useCallback(
    async (signedIn: SignedIn) => {
      setCsrfToken(signedIn.csrfToken);
      await reset();
    },
    [reset],
  );
}
