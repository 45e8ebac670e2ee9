/**
 * The employee list: a table on wide screens, a card per person on narrow ones (a table scrolled
 * sideways would hide the contract status and the actions at 375 px).
 */
import { Badge, Button, Card, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import type { Language } from "../../lib/format";
import { formatDay } from "../../lib/format";
import type { Employee } from "./model";

export interface RowPermissions {
  mayChangeContracts: boolean;
  mayIssueLinks: boolean;
  /** The signed-in user's id: their own contract is not theirs to change. */
  selfId: string | undefined;
}

interface RowProps {
  employee: Employee;
  language: Language;
  permissions: RowPermissions;
  onDeactivate: () => void;
  onReactivate: () => void;
  onNewLink: () => void;
  reactivating: boolean;
}

export function EmployeeTable({
  employees,
  language,
  permissions,
  onDeactivate,
  onReactivate,
  onNewLink,
  reactivatingId,
}: {
  employees: readonly Employee[];
  language: Language;
  permissions: RowPermissions;
  onDeactivate: (employee: Employee) => void;
  onReactivate: (employee: Employee) => void;
  onNewLink: (employee: Employee) => void;
  reactivatingId: string | null;
}) {
  const { t } = useTranslation("employees");
  const narrow = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const hasActions = permissions.mayChangeContracts || permissions.mayIssueLinks;
  const rowProps = (employee: Employee): RowProps => ({
    employee,
    language,
    permissions,
    onDeactivate: () => onDeactivate(employee),
    onReactivate: () => onReactivate(employee),
    onNewLink: () => onNewLink(employee),
    reactivating: reactivatingId === employee.contractId,
  });

  if (narrow) {
    return (
      <Stack gap="sm" data-testid="employees-table">
        {employees.map((employee) => (
          <EmployeeCard key={employee.contractId} {...rowProps(employee)} hasActions={hasActions} />
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="employees-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("columns.name")}</Table.Th>
            <Table.Th>{t("columns.code")}</Table.Th>
            <Table.Th>{t("columns.contract")}</Table.Th>
            <Table.Th>{t("columns.roles")}</Table.Th>
            {hasActions && <Table.Th>{t("columns.actions")}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {employees.map((employee) => {
            const props = rowProps(employee);
            return (
              <Table.Tr key={employee.contractId} data-testid="employee-row" data-code={employee.user.code}>
                <Table.Td>
                  <PersonName {...props} />
                </Table.Td>
                <Table.Td>
                  <Text ff="monospace" size="sm" style={{ whiteSpace: "nowrap" }}>
                    {employee.user.code}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ContractStatus {...props} />
                </Table.Td>
                <Table.Td>
                  <Roles employee={employee} />
                </Table.Td>
                {hasActions && (
                  <Table.Td>
                    <Actions {...props} />
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function EmployeeCard(props: RowProps & { hasActions: boolean }) {
  const { employee } = props;
  return (
    <Card
      withBorder
      padding="sm"
      data-testid="employee-row"
      data-code={employee.user.code}
      component="article"
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <PersonName {...props} />
            <Text ff="monospace" size="sm" c="dimmed">
              {employee.user.code}
            </Text>
          </div>
          <ContractStatus {...props} />
        </Group>
        <Roles employee={employee} />
        {props.hasActions && <Actions {...props} />}
      </Stack>
    </Card>
  );
}

function PersonName({ employee, permissions }: RowProps) {
  const { t } = useTranslation("employees");
  return (
    <Stack gap={2}>
      <Group gap={6}>
        <Text fw={500} style={{ overflowWrap: "anywhere" }}>
          {employee.user.displayName}
        </Text>
        {employee.user.id === permissions.selfId && (
          <Badge size="xs" variant="outline" style={{ flexShrink: 0 }}>
            {t("you")}
          </Badge>
        )}
      </Group>
      {!employee.user.isActive && (
        <Text size="xs" c="red">
          {t("accountDeactivated")}
        </Text>
      )}
    </Stack>
  );
}

function ContractStatus({ employee, language }: RowProps) {
  const { t } = useTranslation("employees");
  const dates = [
    t("contract.since", { date: formatDay(employee.startDate, language) }),
    employee.endDate && t("contract.until", { date: formatDay(employee.endDate, language) }),
    employee.deactivationDate &&
      t("contract.deactivatedOn", { date: formatDay(employee.deactivationDate, language) }),
  ].filter(Boolean);
  return (
    <Stack gap={2} style={{ flexShrink: 0 }}>
      <Badge color={employee.isActive ? "green" : "gray"} variant="light" data-testid="contract-status">
        {employee.isActive ? t("status.active") : t("status.inactive")}
      </Badge>
      {dates.map((line) => (
        <Text key={line as string} size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
          {line}
        </Text>
      ))}
    </Stack>
  );
}

function Roles({ employee }: { employee: Employee }) {
  const { t } = useTranslation("employees");
  const { t: common } = useTranslation();
  if (employee.roles.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("noRoles")}
      </Text>
    );
  }
  return (
    <Group gap={4} title={employee.isActive ? undefined : t("rolesInactive")}>
      {employee.roles.map((held) => (
        <Tooltip
          key={held.role}
          multiline
          maw={280}
          label={t("abilitiesOf", {
            role: common(`roleNames.${held.role}`),
            abilities:
              held.abilities.length === 0
                ? t("noAbilities")
                : held.abilities.map((ability) => common(`abilityNames.${ability}`)).join(", "),
          })}
        >
          <Badge
            variant="light"
            color={employee.isActive ? "blue" : "gray"}
            tabIndex={0}
            radius="sm"
            h="auto"
            py={2}
            styles={{ root: { maxWidth: "100%" }, label: { whiteSpace: "normal", textTransform: "none" } }}
          >
            {common(`roleNames.${held.role}`)}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

function Actions({ employee, permissions, onDeactivate, onReactivate, onNewLink, reactivating }: RowProps) {
  const { t } = useTranslation("employees");
  const name = employee.user.displayName;
  const isSelf = employee.user.id === permissions.selfId;
  return (
    <Stack gap={4} align="flex-start">
      <Group gap={4}>
        {permissions.mayIssueLinks && employee.isActive && (
          <Button
            size="xs"
            variant="light"
            onClick={onNewLink}
            aria-label={t("actions.newLinkFor", { name })}
          >
            {t("actions.newLink")}
          </Button>
        )}
        {permissions.mayChangeContracts &&
          !isSelf &&
          (employee.isActive ? (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={onDeactivate}
              aria-label={t("actions.deactivateNamed", { name })}
            >
              {t("actions.deactivate")}
            </Button>
          ) : (
            <Button
              size="xs"
              variant="light"
              color="green"
              onClick={onReactivate}
              loading={reactivating}
              aria-label={t("actions.reactivateNamed", { name })}
            >
              {t("actions.reactivate")}
            </Button>
          ))}
      </Group>
      {permissions.mayChangeContracts && isSelf && (
        <Text size="xs" c="dimmed" maw={220}>
          {t("actions.selfNote")}
        </Text>
      )}
    </Stack>
  );
}
