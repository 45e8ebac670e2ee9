import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { type ApiError, api, unwrap } from "../../../api/client";
import { ErrorAlert } from "../../../components/QueryState";
import { isLanguage } from "../../../i18n";
import type { Language } from "../../../lib/format";
import { EnrolmentLinkPanel } from "../../employees/EnrolmentLinkPanel";
import { staffUsersKey } from "./model";

const MAX_NAME_LENGTH = 200;

type Created = { id: string; code: string; displayName: string };

/**
 * "Benutzer anlegen": a display name and language (and, for superusers, the staff and superuser
 * flags). Afterwards an enrolment link can be issued at once and is shown here once.
 */
export function CreateUserModal({
  opened,
  mayGrantFlags,
  onClose,
}: {
  opened: boolean;
  mayGrantFlags: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation("staffUsers");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [language, setLanguage] = useState<Language>(isLanguage(i18n.language) ? i18n.language : "de");
  const [isStaff, setIsStaff] = useState(false);
  const [isSuperuser, setIsSuperuser] = useState(false);
  const [touched, setTouched] = useState(false);

  const create = useMutation<Created, ApiError, void>({
    mutationFn: () =>
      unwrap(
        api.POST("/api/staff/users", {
          body: {
            displayName: name.trim(),
            language,
            ...(mayGrantFlags ? { isStaff, isSuperuser } : {}),
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffUsersKey }),
  });
  const link = useMutation({
    // The answer holds a secret shown once: not kept in the cache after the dialog closes.
    gcTime: 0,
    mutationFn: (userId: string) =>
      unwrap(api.POST("/api/staff/users/{id}/enrolment-links", { params: { path: { id: userId } } })),
  });
  const nameMissing = name.trim() === "";

  function close() {
    setName("");
    setIsStaff(false);
    setIsSuperuser(false);
    setTouched(false);
    create.reset();
    link.reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (nameMissing) return;
    create.mutate();
  }

  const created = create.data;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("create.title")}
      size="lg"
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      {created ? (
        <Stack>
          <Text role="status" data-testid="user-created">
            {t("create.done", { name: created.displayName, code: created.code })}
          </Text>
          {link.data ? (
            <EnrolmentLinkPanel link={link.data} userCode={created.code} />
          ) : (
            <Stack gap="xs">
              <Text size="sm">{t("create.linkHint")}</Text>
              {link.error && <ErrorAlert error={link.error} />}
              <Group>
                <Button
                  onClick={() => link.mutate(created.id)}
                  loading={link.isPending}
                  data-testid="issue-link"
                >
                  {t("link.issue")}
                </Button>
              </Group>
            </Stack>
          )}
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                close();
                navigate(`/users/${created.id}`);
              }}
            >
              {t("create.openUser")}
            </Button>
            <Button onClick={close}>{common("actions.close")}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              id="user-name"
              label={t("fields.displayName")}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              onBlur={() => setTouched(true)}
              error={touched && nameMissing ? t("fields.displayNameRequired") : undefined}
              maxLength={MAX_NAME_LENGTH}
              required
              data-autofocus
            />
            <Select
              id="user-language"
              label={t("fields.language")}
              data={(["de", "en"] as const).map((value) => ({ value, label: t(`languages.${value}`) }))}
              value={language}
              onChange={(value) => isLanguage(value) && setLanguage(value)}
              allowDeselect={false}
            />
            {mayGrantFlags && (
              <Stack gap="xs">
                <Checkbox
                  id="user-is-staff"
                  label={t("flags.staff")}
                  description={t("flags.staffHint")}
                  checked={isStaff}
                  onChange={(event) => setIsStaff(event.currentTarget.checked)}
                />
                <Checkbox
                  id="user-is-superuser"
                  label={t("flags.superuser")}
                  description={t("flags.superuserHint")}
                  checked={isSuperuser}
                  onChange={(event) => setIsSuperuser(event.currentTarget.checked)}
                />
              </Stack>
            )}
            {create.error && <ErrorAlert error={create.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {common("actions.cancel")}
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="create-user-submit">
                {t("create.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
