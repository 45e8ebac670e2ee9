import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ExplainedError } from "./ExplainedError";
import { type Employee, employeesKey } from "./model";
import { UserCodeField } from "./UserCodeField";
import { normaliseUserCode } from "./user-code";

/**
 * "Mitarbeiter hinzufügen" by user code (`add_employees`). The server answers 201 for a new
 * employee and 200 for someone who already was one; the result says which.
 */
export function AddEmployeeModal({
  opened,
  customer,
  onClose,
}: {
  opened: boolean;
  customer: { id: string; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation("employees");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [touched, setTouched] = useState(false);
  const add = useMutation({
    mutationFn: async (userCode: string) => {
      let status = 0;
      const employee: Employee = await unwrap(
        api
          .POST("/api/os/customers/{customerId}/employees", {
            params: { path: { customerId: customer.id } },
            body: { userCode },
          })
          .then((result) => {
            status = result.response.status;
            return result;
          }),
      );
      return { employee, created: status === 201 };
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: employeesKey(customer.id) }),
  });

  function reset() {
    setCode("");
    setTouched(false);
    add.reset();
  }

  function close() {
    reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    const normalised = normaliseUserCode(code);
    if (!normalised) return;
    setCode(normalised);
    add.mutate(normalised);
  }

  const result = add.data;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("add.title")}
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      {result ? (
        <Stack>
          <Alert
            color={result.created ? "green" : "blue"}
            title={result.created ? t("add.createdTitle") : t("add.existingTitle")}
            data-testid={result.created ? "add-created" : "add-existing"}
            role="status"
          >
            {t(result.created ? "add.created" : "add.existing", {
              name: result.employee.user.displayName,
              code: result.employee.user.code,
              customer: customer.name,
            })}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={reset}>
              {t("add.another")}
            </Button>
            <Button onClick={close} data-autofocus>
              {common("actions.close")}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t("add.intro", { customer: customer.name })}</Text>
            <UserCodeField
              id="add-employee-code"
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
            {add.error && <ExplainedError error={add.error} action="add" code={code} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {common("actions.cancel")}
              </Button>
              <Button type="submit" loading={add.isPending} id="add-employee-submit">
                {t("add.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
