/**
 * Mitarbeiter (SPEC §3, §9 "HR"): the customer's employees with contract status and roles (employee
 * managers), adding people by user code (`add_employees`), (de)activating contracts
 * (`deactivate_employees`), and for key managers with `create_users` inviting new users and new
 * enrolment links. Buttons follow the roles held; the server decides every request anyway.
 */
import { Alert, Button, Group, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useCustomer } from "../../app/customer";
import { useSession } from "../../app/session";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { PageHeader } from "../../components/PageHeader";
import { Empty, errorMessage, QueryState } from "../../components/QueryState";
import { isLanguage } from "../../i18n";
import type { Language } from "../../lib/format";
import { AddEmployeeModal } from "./AddEmployeeModal";
import { EmployeeTable } from "./EmployeeTable";
import { InviteModal } from "./InviteModal";
import {
  type Employee,
  type EmployeeAction,
  employeesKey,
  explainEmployeeError,
  filterEmployees,
  SEARCH_THRESHOLD,
  type StatusFilter,
} from "./model";
import { NewLinkModal } from "./NewLinkModal";

type Dialog =
  | { kind: "add" }
  | { kind: "invite" }
  | { kind: "newLink"; person: Employee["user"] | null }
  | { kind: "deactivate"; employee: Employee }
  | null;

export default function EmployeesPage() {
  const { t, i18n } = useTranslation("employees");
  const { t: common } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const customer = useCustomer();
  const session = useSession();
  const queryClient = useQueryClient();
  const { holdings } = customer;
  const seesList = holdings.holds("employee_manager");
  const mayAdd = holdings.can("employee_manager", "add_employees");
  const mayChangeContracts = holdings.can("employee_manager", "deactivate_employees");
  const mayInvite = holdings.can("key_manager", "create_users");
  const [dialog, setDialog] = useState<Dialog>(null);

  const employees = useQuery({
    queryKey: employeesKey(customer.id),
    enabled: seesList,
    queryFn: () =>
      unwrap(
        api.GET("/api/os/customers/{customerId}/employees", {
          params: { path: { customerId: customer.id } },
        }),
      ),
  });

  const explain = (error: unknown, action: EmployeeAction) => {
    const explanation = explainEmployeeError(error, action);
    return explanation ? t(explanation.key, explanation.values) : errorMessage(error, common);
  };

  const changeStatus = useMutation({
    mutationFn: ({ employee, active }: { employee: Employee; active: boolean }) =>
      unwrap(
        api.POST(
          active ? "/api/os/contracts/{contractId}/reactivate" : "/api/os/contracts/{contractId}/deactivate",
          {
            params: { path: { contractId: employee.contractId } },
          },
        ),
      ),
    onSuccess: async (updated, { active }) => {
      await queryClient.invalidateQueries({ queryKey: employeesKey(customer.id) });
      notifications.show({
        color: "green",
        message: t(active ? "reactivate.done" : "deactivate.done", { name: updated.user.displayName }),
      });
      setDialog(null);
    },
    onError: (error, { active }) => {
      // Deactivation shows its refusal in the dialog; reactivation has no dialog.
      if (active)
        notifications.show({
          color: "red",
          title: common("error.title"),
          message: explain(error, "reactivate"),
        });
    },
  });

  const closeDialog = () => {
    changeStatus.reset();
    setDialog(null);
  };

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description", { customer: customer.name })}
        actions={
          <>
            {seesList && mayAdd && (
              <Button onClick={() => setDialog({ kind: "add" })} id="add-employee">
                {t("actions.add")}
              </Button>
            )}
            {mayInvite && (
              <Button variant="light" onClick={() => setDialog({ kind: "invite" })} id="invite-user">
                {t("actions.invite")}
              </Button>
            )}
          </>
        }
      />
      {seesList ? (
        <QueryState query={employees}>
          {(data) => (
            <EmployeeList
              employees={data.items}
              language={language}
              emptyText={mayAdd ? t("emptyMayAdd") : t("empty")}
              permissions={{ mayChangeContracts, mayIssueLinks: mayInvite, selfId: session.data?.user.id }}
              onDeactivate={(employee) => setDialog({ kind: "deactivate", employee })}
              onReactivate={(employee) => changeStatus.mutate({ employee, active: true })}
              onNewLink={(employee) => setDialog({ kind: "newLink", person: employee.user })}
              reactivatingId={
                changeStatus.isPending && changeStatus.variables.active
                  ? changeStatus.variables.employee.contractId
                  : null
              }
            />
          )}
        </QueryState>
      ) : (
        <Alert color="blue" title={t("keyManagerOnly.title")}>
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{t("keyManagerOnly.text")}</Text>
            {mayInvite && (
              <Button
                variant="light"
                onClick={() => setDialog({ kind: "newLink", person: null })}
                id="new-link-by-code"
              >
                {t("actions.newLinkByCode")}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {mayAdd && (
        <AddEmployeeModal
          opened={dialog?.kind === "add"}
          customer={customer}
          onClose={() => setDialog(null)}
        />
      )}
      {mayInvite && (
        <>
          <InviteModal
            opened={dialog?.kind === "invite"}
            customer={customer}
            onClose={() => setDialog(null)}
          />
          <NewLinkModal
            opened={dialog?.kind === "newLink"}
            customerId={customer.id}
            person={dialog?.kind === "newLink" ? dialog.person : null}
            onClose={() => setDialog(null)}
          />
        </>
      )}
      <ConfirmDialog
        opened={dialog?.kind === "deactivate"}
        title={t("deactivate.title")}
        confirmLabel={t("deactivate.confirm")}
        onClose={closeDialog}
        onConfirm={() =>
          dialog?.kind === "deactivate" && changeStatus.mutate({ employee: dialog.employee, active: false })
        }
        pending={changeStatus.isPending}
        error={changeStatus.error}
        explain={(error) => explain(error, "deactivate")}
      >
        {dialog?.kind === "deactivate"
          ? t("deactivate.text", { name: dialog.employee.user.displayName, customer: customer.name })
          : ""}
      </ConfirmDialog>
    </>
  );
}

function EmployeeList({
  employees,
  language,
  emptyText,
  permissions,
  onDeactivate,
  onReactivate,
  onNewLink,
  reactivatingId,
}: {
  employees: Employee[];
  language: Language;
  emptyText: string;
  permissions: { mayChangeContracts: boolean; mayIssueLinks: boolean; selfId: string | undefined };
  onDeactivate: (employee: Employee) => void;
  onReactivate: (employee: Employee) => void;
  onNewLink: (employee: Employee) => void;
  reactivatingId: string | null;
}) {
  const { t } = useTranslation("employees");
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<StatusFilter>("all");
  if (employees.length === 0) return <Empty>{emptyText}</Empty>;
  const searchable = employees.length >= SEARCH_THRESHOLD;
  const shown = searchable ? filterEmployees(employees, search, status) : employees;
  return (
    <Stack gap="md">
      {searchable && (
        <Group align="flex-end" gap="md" wrap="wrap">
          <TextInput
            id="employee-search"
            type="search"
            label={t("search.label")}
            placeholder={t("search.placeholder")}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            style={{ flex: "1 1 220px" }}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="employee-status-label">
              {t("search.status")}
            </Text>
            <SegmentedControl
              aria-labelledby="employee-status-label"
              value={status}
              onChange={(value) => setStatus(value as StatusFilter)}
              data={(["all", "active", "inactive"] as const).map((value) => ({
                value,
                label: t(`search.${value}`),
              }))}
            />
          </Stack>
        </Group>
      )}
      {searchable && (
        <Text size="sm" c="dimmed" aria-live="polite">
          {t("count", { shown: shown.length, total: employees.length })}
        </Text>
      )}
      {shown.length === 0 ? (
        <Empty>{t("noMatch")}</Empty>
      ) : (
        <EmployeeTable
          employees={shown}
          language={language}
          permissions={permissions}
          onDeactivate={onDeactivate}
          onReactivate={onReactivate}
          onNewLink={onNewLink}
          reactivatingId={reactivatingId}
        />
      )}
    </Stack>
  );
}
