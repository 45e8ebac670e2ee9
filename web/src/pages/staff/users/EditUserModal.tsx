import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { ErrorAlert } from "../../../components/QueryState";
import { isLanguage } from "../../../i18n";
import type { Language } from "../../../lib/format";
import { type StaffUser, staffUserKey, staffUsersKey } from "./model";

/** The display name and language of a user. */
export function EditUserModal({
  opened,
  user,
  onClose,
}: {
  opened: boolean;
  user: StaffUser;
  onClose: () => void;
}) {
  const { t } = useTranslation("staffUsers");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.displayName);
  const [language, setLanguage] = useState<Language>(user.language);
  const [touched, setTouched] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only opening the dialog resets the form
  useEffect(() => {
    if (opened) {
      setName(user.displayName);
      setLanguage(user.language);
      setTouched(false);
    }
  }, [opened]);

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/staff/users/{id}", {
          params: { path: { id: user.id } },
          body: { displayName: name.trim(), language },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(staffUserKey(user.id), updated);
      await queryClient.invalidateQueries({ queryKey: staffUsersKey });
      notifications.show({ color: "green", message: t("edit.saved") });
      close();
    },
  });
  const nameMissing = name.trim() === "";

  function close() {
    save.reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!nameMissing) save.mutate();
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("edit.title")}
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            id="edit-user-name"
            label={t("fields.displayName")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={touched && nameMissing ? t("fields.displayNameRequired") : undefined}
            maxLength={200}
            required
            data-autofocus
          />
          <Select
            id="edit-user-language"
            label={t("fields.language")}
            data={(["de", "en"] as const).map((value) => ({ value, label: t(`languages.${value}`) }))}
            value={language}
            onChange={(value) => isLanguage(value) && setLanguage(value)}
            allowDeselect={false}
          />
          {save.error && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {common("actions.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {common("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
