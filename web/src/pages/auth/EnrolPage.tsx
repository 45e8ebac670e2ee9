/**
 * Enrolment (SPEC §1): a one-time link registers the person's first passkey, which signs them in.
 * The page first shows whom the link is for and until when it works; a link that is unknown, used,
 * replaced or expired (or a visitor who tried too many) gets a plain explanation and the way to the
 * sign-in page. `#passkey-name` and `#enrol-submit` are what browser tests of other pages use.
 */
import { Alert, Anchor, Button, Code, Group, Stack, Text, TextInput } from "@mantine/core";
import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { Loading } from "../../components/QueryState";
import { isLanguage } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import { AuthLayout } from "./AuthLayout";
import { enrolPasskey, fetchEnrolment } from "./ceremonies";
import { AuthProblem, type Explanation, explainFailure } from "./logic";
import { useFinishSignIn } from "./useFinishSignIn";

/** Failures after which this link cannot be used again: say so and lead to the sign-in page. */
function linkIsDead(error: unknown): boolean {
  return error instanceof AuthProblem && (error.status === 404 || error.status === 410);
}

function ToLogin() {
  const { t } = useTranslation("auth");
  return (
    <Anchor component={Link} to="/login" id="to-login">
      {t("enrol.toLogin")}
    </Anchor>
  );
}

export default function EnrolPage() {
  const { t, i18n } = useTranslation("auth");
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const finish = useFinishSignIn();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ explanation: Explanation; dead: boolean } | null>(null);
  const [supported] = useState(() => browserSupportsWebAuthn());
  // Once the link is used, resetting the session's cache must not look it up again: that would be
  // a 410, and a failed enrolment attempt counted against this address.
  const [enrolled, setEnrolled] = useState(false);
  const enrolment = useQuery({
    queryKey: ["auth", "enrolment", token],
    queryFn: () => fetchEnrolment(token),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    enabled: !enrolled,
  });
  const language = isLanguage(i18n.language) ? i18n.language : "de";

  if (enrolment.isPending) return <Loading />;

  if (enrolment.error) {
    const explanation = explainFailure(enrolment.error);
    return (
      <AuthLayout title={t("enrol.invalidTitle")}>
        <Alert color="red" role="alert" id="enrol-invalid">
          {t(explanation.key, explanation.values)}
        </Alert>
        <ToLogin />
      </AuthLayout>
    );
  }

  const { user, expiresAt } = enrolment.data;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setBusy(true);
    try {
      const signedIn = await enrolPasskey(token, name);
      setEnrolled(true);
      await finish(signedIn);
      navigate("/", { replace: true });
    } catch (error) {
      setFailure({ explanation: explainFailure(error), dead: linkIsDead(error) });
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t("enrol.title")}>
      <Text>{t("enrol.intro", { name: user.displayName })}</Text>
      <Stack gap={2}>
        <Text size="sm" fw={500}>
          {t("enrol.userCode")}
        </Text>
        <Group>
          <Code fz="lg" id="enrol-user-code" style={{ letterSpacing: "0.05em" }}>
            {user.code}
          </Code>
        </Group>
        <Text size="xs" c="dimmed">
          {t("enrol.userCodeHint")}
        </Text>
      </Stack>
      <Text size="sm" c="dimmed">
        {t("enrol.expires", { date: formatDateTime(expiresAt, language) })}
      </Text>
      {!supported && (
        <Alert color="red" role="alert">
          {t("errors.unsupported")}
        </Alert>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          <TextInput
            id="passkey-name"
            name="name"
            label={t("enrol.name")}
            description={t("enrol.nameHint")}
            placeholder={t("enrol.namePlaceholder")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={100}
            autoComplete="off"
            size="md"
          />
          <Button
            type="submit"
            id="enrol-submit"
            size="md"
            fullWidth
            loading={busy}
            disabled={!supported || busy || failure?.dead === true}
          >
            {t("enrol.submit")}
          </Button>
        </Stack>
      </form>
      <div aria-live="polite" id="enrol-status">
        {busy && (
          <Text size="sm" c="dimmed">
            {t("enrol.waiting")}
          </Text>
        )}
        {failure && (
          <Alert color="red" role="alert" title={t("errors.title")}>
            <Stack gap="xs">
              <span>{t(failure.explanation.key, failure.explanation.values)}</span>
              {failure.dead && <ToLogin />}
            </Stack>
          </Alert>
        )}
      </div>
    </AuthLayout>
  );
}
