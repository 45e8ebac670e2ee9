import { Alert, Button, Group, Modal, MultiSelect, Stack, Switch, Textarea, TextInput } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiError, api, unwrap } from "../../../api/client";
import { ErrorAlert } from "../../../components/QueryState";
import {
  dependencyOptions,
  MAX_DESCRIPTION_LENGTH,
  MAX_NAME_LENGTH,
  PROGRAM_FIELDS,
  type Program,
  type ProgramForm,
  programFormOf,
  programFormProblems,
  programPayloadOf,
  programsKey,
} from "./model";
import { messageAt, messagesUnder, placeProblems } from "./problems";

/**
 * Adds a program to the catalogue or changes one. The server refuses dependencies that would form a
 * cycle; its explanation (which programs close it) is shown at the dependencies field.
 */
export function ProgramModal({
  opened,
  program,
  catalogue,
  onClose,
}: {
  opened: boolean;
  /** null: a new program. */
  program: Program | null;
  catalogue: readonly Program[];
  onClose: () => void;
}) {
  const { t } = useTranslation("staffPrograms");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 36em)");
  const [form, setForm] = useState<ProgramForm>(programFormOf(null));
  const [submitted, setSubmitted] = useState(false);

  const save = useMutation<Program, ApiError, ProgramForm>({
    mutationFn: (values) => {
      const body = programPayloadOf(values);
      return program
        ? unwrap(api.PATCH("/api/staff/programs/{id}", { params: { path: { id: program.id } }, body }))
        : unwrap(api.POST("/api/staff/programs", { body }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: programsKey });
      notifications.show({
        color: "green",
        message: t(program ? "form.updated" : "form.created", { name: saved.name }),
      });
      close();
    },
  });

  // A fresh form each time the dialog opens, filled with what is stored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only opening the dialog resets the form
  useEffect(() => {
    if (opened) {
      setForm(programFormOf(program));
      setSubmitted(false);
      save.reset();
    }
  }, [opened, program?.id]);

  function close() {
    save.reset();
    onClose();
  }

  const problems = submitted ? programFormProblems(form) : {};
  const server = placeProblems(save.error, PROGRAM_FIELDS);
  const cycle = save.error?.code === "dependency_cycle";
  const dependencyError = messagesUnder(server, "dependencyIds");

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(programFormProblems(form)).length > 0) return;
    save.mutate(form);
  }

  const options = dependencyOptions(catalogue, program?.id ?? null, (name) =>
    t("form.inactiveOption", { name }),
  );

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={program ? t("form.editTitle", { name: program.name }) : t("form.createTitle")}
      closeButtonProps={{ "aria-label": common("actions.close") }}
      size="lg"
      fullScreen={phone}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            id="program-name"
            label={t("fields.name")}
            required
            maxLength={MAX_NAME_LENGTH}
            value={form.name}
            onChange={(event) => {
              const name = event.currentTarget.value;
              setForm((before) => ({ ...before, name }));
            }}
            error={
              problems.name
                ? t(`validation.${problems.name}`, { max: MAX_NAME_LENGTH })
                : messageAt(server, "name")
            }
            data-autofocus
          />
          <Textarea
            id="program-description"
            label={t("fields.description")}
            autosize
            minRows={2}
            maxRows={8}
            value={form.description}
            onChange={(event) => {
              const description = event.currentTarget.value;
              setForm((before) => ({ ...before, description }));
            }}
            error={
              problems.description
                ? t(`validation.${problems.description}`, { max: MAX_DESCRIPTION_LENGTH })
                : messageAt(server, "description")
            }
          />
          <MultiSelect
            id="program-dependencies"
            label={t("fields.dependencies")}
            description={t("fields.dependenciesHint")}
            placeholder={form.dependencyIds.length === 0 ? t("fields.noDependencies") : undefined}
            data={options}
            value={form.dependencyIds}
            onChange={(dependencyIds) => setForm((before) => ({ ...before, dependencyIds }))}
            searchable
            clearable
            nothingFoundMessage={t("fields.noProgramFound")}
            error={
              cycle
                ? `${t("form.cycle")} ${common("error.detail", { detail: dependencyError ?? save.error?.message })}`
                : dependencyError
            }
            data-testid="program-dependencies"
          />
          <Switch
            label={t("fields.active")}
            description={t("fields.activeHint")}
            checked={form.isActive}
            onChange={(event) => {
              const isActive = event.currentTarget.checked;
              setForm((before) => ({ ...before, isActive }));
            }}
            error={messageAt(server, "isActive")}
          />
          {save.error && !server.placed && !cycle && <ErrorAlert error={save.error} />}
          {save.error && server.placed && (
            <Alert color="red" role="alert" variant="light">
              {t("form.checkFields")}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {common("actions.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="save-program">
              {common("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
