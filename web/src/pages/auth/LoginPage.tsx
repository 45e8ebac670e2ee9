/**
 * Signing in (SPEC §1): with the user code and then the key (that user's passkeys), or without a
 * code with any discoverable passkey, or by picking a passkey from the user-code field's autofill
 * (conditional UI, started when the page opens and cancelled when a button starts a ceremony).
 * Afterwards the page asked for in `next` (only pages of NADOO OS), else the dashboard.
 */
import { Alert, Button, Divider, Stack, Text, TextInput } from "@mantine/core";
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  WebAuthnAbortService,
} from "@simplewebauthn/browser";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { useSession } from "../../app/session";
import { Loading } from "../../components/QueryState";
import { AuthLayout } from "./AuthLayout";
import { signInWithPasskey } from "./ceremonies";
import {
  AuthProblem,
  type Explanation,
  explainFailure,
  isAbort,
  isPlausibleUserCode,
  normaliseUserCode,
  safeNext,
  staffNext,
} from "./logic";
import { useFinishSignIn } from "./useFinishSignIn";

type Busy = "code" | "passkey" | null;

export default function LoginPage() {
  const { t } = useTranslation("auth");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  // The staff console is another router: it is loaded as a page.
  const staffTarget = staffNext(params.get("next"));
  const session = useSession();
  const navigate = useNavigate();
  const finish = useFinishSignIn();
  const codeInput = useRef<HTMLInputElement>(null);
  const [userCode, setUserCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [failure, setFailure] = useState<Explanation | null>(null);
  const [supported] = useState(() => browserSupportsWebAuthn());

  const complete = async (result: Awaited<ReturnType<typeof signInWithPasskey>>) => {
    if (!result) return;
    await finish(result);
    if (staffTarget) window.location.replace(staffTarget);
    else navigate(next, { replace: true });
  };
  // The autofill ceremony outlives renders; it finishes with the latest `complete`.
  const completeRef = useRef(complete);
  completeRef.current = complete;

  // Each autofill ceremony has a number; a newer one, a button or leaving the page makes it stale,
  // and a stale ceremony neither starts nor reports anything.
  const autofillRun = useRef(0);
  const autofillFailures = useRef(0);
  const startAutofill = useCallback(() => {
    const run = ++autofillRun.current;
    const stale = () => autofillRun.current !== run;
    browserSupportsWebAuthnAutofill()
      .then(async (available) => {
        if (!available || stale()) return;
        const result = await signInWithPasskey({
          autofill: true,
          cancelled: stale,
          answered: () => setBusy("passkey"),
        });
        if (!stale()) await completeRef.current(result);
      })
      .catch((error: unknown) => {
        if (stale() || isAbort(error)) return;
        setBusy(null);
        setFailure(explainFailure(error));
        // The challenge is used up: offer the passkeys again with a fresh one, but never in a loop
        // against a refusing server (a lock-out, an outage).
        autofillFailures.current += 1;
        const refused =
          error instanceof AuthProblem && (error.status === 429 || error.status === 0 || error.status >= 500);
        if (!refused && autofillFailures.current < 3) startAutofill();
      });
  }, []);
  const stopAutofill = useCallback(() => {
    autofillRun.current += 1;
    WebAuthnAbortService.cancelCeremony();
  }, []);

  const signedOut = session.isSuccess && !session.data;
  useEffect(() => {
    if (!signedOut || !supported) return;
    startAutofill();
    return stopAutofill;
  }, [signedOut, supported, startAutofill, stopAutofill]);

  if (session.isPending) return <Loading />;
  if (session.data && busy === null) {
    if (!staffTarget) return <Navigate to={next} replace />;
    window.location.replace(staffTarget);
    return <Loading />;
  }

  const run = async (mode: Exclude<Busy, null>, code?: string) => {
    stopAutofill();
    autofillFailures.current = 0;
    setFailure(null);
    setBusy(mode);
    try {
      await complete(await signInWithPasskey({ userCode: code }));
    } catch (error) {
      setFailure(explainFailure(error));
      setBusy(null);
      startAutofill();
    }
  };

  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    const normalised = normaliseUserCode(userCode);
    setUserCode(normalised);
    if (!isPlausibleUserCode(normalised)) {
      setCodeError(t(normalised ? "login.codeInvalid" : "login.codeMissing"));
      codeInput.current?.focus();
      return;
    }
    setCodeError(null);
    void run("code", normalised);
  };

  return (
    <AuthLayout title={t("login.title")}>
      <Text>{t("login.intro")}</Text>
      {params.get("signedOut") === "1" && !failure && busy === null && (
        <Alert color="green" role="status" id="login-notice">
          {t("login.signedOut")}
        </Alert>
      )}
      {!supported && (
        <Alert color="red" role="alert">
          {t("errors.unsupported")}
        </Alert>
      )}
      <form onSubmit={submitCode} noValidate>
        <Stack gap="sm">
          <TextInput
            ref={codeInput}
            id="user-code"
            name="userCode"
            label={t("login.userCode")}
            description={t("login.userCodeHint")}
            value={userCode}
            onChange={(event) => {
              setUserCode(event.currentTarget.value);
              setCodeError(null);
            }}
            onBlur={() => setUserCode((value) => normaliseUserCode(value))}
            error={codeError}
            autoComplete="username webauthn"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            maxLength={64}
            size="md"
            styles={{
              input: { fontFamily: "var(--mantine-font-family-monospace)", letterSpacing: "0.05em" },
            }}
          />
          <Button
            type="submit"
            id="login-submit"
            size="md"
            fullWidth
            loading={busy === "code"}
            disabled={!supported || busy !== null}
          >
            {t("login.submit")}
          </Button>
        </Stack>
      </form>
      <Divider label={t("login.or")} labelPosition="center" />
      <Stack gap={4}>
        <Button
          id="passkey-login"
          variant="light"
          size="md"
          fullWidth
          loading={busy === "passkey"}
          disabled={!supported || busy !== null}
          onClick={() => void run("passkey")}
        >
          {t("login.passkey")}
        </Button>
        <Text size="xs" c="dimmed" ta="center">
          {t("login.passkeyHint")}
        </Text>
      </Stack>
      <div aria-live="polite" id="login-status">
        {busy !== null && (
          <Text size="sm" c="dimmed">
            {t("login.waiting")}
          </Text>
        )}
        {failure && (
          <Alert color="red" role="alert" title={t("errors.title")}>
            {t(failure.key, failure.values)}
          </Alert>
        )}
      </div>
      <Text size="sm" c="dimmed">
        {t("login.noLink")}
      </Text>
    </AuthLayout>
  );
}
