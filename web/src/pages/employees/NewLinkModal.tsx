import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { EnrolmentLinkPanel } from "./EnrolmentLinkPanel";
import { ExplainedError } from "./ExplainedError";
import { UserCodeField } from "./UserCodeField";
import { normaliseUserCode } from "./user-code";

/**
 * "Neuer Einladungslink" for an employee who lost their keys (key managers with `create_users`):
 * for the person of a row, or by user code where the list is not visible.
 */
export function NewLinkModal({
  opened,
  customerId,
  person,
  onClose,
}: {
  opened: boolean;
  customerId: string;
  /** The employee of the row it was opened from; without one, a user code is asked for. */
  person: { displayName: string; code: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("employees");
  const { t: common } = useTranslation();
  const [code, setCode] = useState("");
  const [touched, setTouched] = useState(false);
  const issue = useMutation({
    // The answer holds a secret shown once: not kept in the cache after the dialog closes.
    gcTime: 0,
    mutationFn: (userCode: string) =>
      unwrap(
        api.POST("/api/os/customers/{customerId}/enrolment-links", {
          params: { path: { customerId } },
          body: { userCode },
        }),
      ),
  });
  const target = person?.code ?? code;

  function close() {
    setCode("");
    setTouched(false);
    issue.reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    const normalised = normaliseUserCode(target);
    if (!normalised) return;
    if (!person) setCode(normalised);
    issue.mutate(normalised);
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("newLink.title")}
      size="lg"
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      {issue.data ? (
        <Stack>
          <EnrolmentLinkPanel link={issue.data} userCode={normaliseUserCode(target) ?? target} />
          <Group justify="flex-end">
            <Button onClick={close}>{common("actions.close")}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t("newLink.intro")}</Text>
            {person ? (
              <Text fw={600}>{t("newLink.for", { name: person.displayName, code: person.code })}</Text>
            ) : (
              <UserCodeField
                id="new-link-code"
                label={t("code.label")}
                description={t("code.hint")}
                invalidMessage={t("code.invalid")}
                requiredMessage={t("code.required")}
                value={code}
                onChange={setCode}
                showError={touched}
                onBlur={() => setTouched(true)}
                autoFocus
              />
            )}
            {issue.error && <ExplainedError error={issue.error} action="newLink" code={target} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {common("actions.cancel")}
              </Button>
              <Button
                type="submit"
                loading={issue.isPending}
                id="new-link-submit"
                data-autofocus={person ? true : undefined}
              >
                {t("newLink.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
