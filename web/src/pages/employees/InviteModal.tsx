import { Button, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { isLanguage } from "../../i18n";
import type { Language } from "../../lib/format";
import { EnrolmentLinkPanel } from "./EnrolmentLinkPanel";
import { ExplainedError } from "./ExplainedError";
import { employeesKey } from "./model";

const MAX_NAME_LENGTH = 200;

/**
 * "Neuen Benutzer einladen" (key managers with `create_users`): a name makes a user with an active
 * contract and a one-time enrolment link, which is shown here once.
 */
export function InviteModal({
  opened,
  customer,
  onClose,
}: {
  opened: boolean;
  customer: { id: string; name: string };
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation("employees");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [language, setLanguage] = useState<Language>(isLanguage(i18n.language) ? i18n.language : "de");
  const [touched, setTouched] = useState(false);
  const invite = useMutation({
    // The answer holds a secret shown once: not kept in the cache after the dialog closes.
    gcTime: 0,
    mutationFn: (body: { displayName: string; language: Language }) =>
      unwrap(
        api.POST("/api/os/customers/{customerId}/enrolments", {
          params: { path: { customerId: customer.id } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: employeesKey(customer.id) }),
  });
  const nameMissing = name.trim() === "";

  function close() {
    setName("");
    setTouched(false);
    invite.reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (nameMissing) return;
    invite.mutate({ displayName: name.trim(), language });
  }

  const result = invite.data;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("invite.title")}
      size="lg"
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      {result ? (
        <Stack>
          <Text role="status" data-testid="invite-done">
            {t("invite.done", { name: result.employee.user.displayName, code: result.employee.user.code })}
          </Text>
          <EnrolmentLinkPanel link={result.enrolmentLink} userCode={result.employee.user.code} />
          <Group justify="flex-end">
            <Button onClick={close}>{common("actions.close")}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t("invite.intro", { customer: customer.name })}</Text>
            <TextInput
              id="invite-name"
              label={t("invite.name")}
              placeholder={t("invite.namePlaceholder")}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              onBlur={() => setTouched(true)}
              error={touched && nameMissing ? t("invite.nameRequired") : undefined}
              maxLength={MAX_NAME_LENGTH}
              required
              data-autofocus
            />
            <Select
              id="invite-language"
              label={t("invite.language")}
              data={(["de", "en"] as const).map((value) => ({ value, label: t(`languages.${value}`) }))}
              value={language}
              onChange={(value) => isLanguage(value) && setLanguage(value)}
              allowDeselect={false}
            />
            {invite.error && <ExplainedError error={invite.error} action="invite" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {common("actions.cancel")}
              </Button>
              <Button type="submit" loading={invite.isPending} id="invite-submit">
                {t("invite.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
