/**
 * A table of API keys (never secrets): mine, or a customer's with their owners. Revoking is offered
 * per row where `mayRevoke` says so; the question before it is the page's.
 */
import { Badge, Button, Code, Table, Text, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDateTime, type Language } from "../../lib/format";
import { type CustomerApiKey, type KeyStatus, lastDayOf, type MyApiKey, scopeOf } from "./model";

const STATUS_COLORS: Record<KeyStatus, string> = { active: "green", revoked: "red", expired: "gray" };

export function StatusBadge({ status }: { status: KeyStatus }) {
  const { t } = useTranslation("apiKeys");
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" style={{ minWidth: "max-content" }}>
      {t(`status.${status}`)}
    </Badge>
  );
}

function ScopeText({
  apiKey,
  customerId,
  customerNames,
}: {
  apiKey: MyApiKey;
  customerId: string;
  customerNames: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation("apiKeys");
  const scope = scopeOf(apiKey, customerId, customerNames);
  if (scope.kind !== "customers") return <>{t(`scope.${scope.kind}`)}</>;
  const unnamed = scope.unnamed ?? 0;
  if (scope.names.length === 0) return <>{t("scope.unnamed", { count: unnamed })}</>;
  const names = scope.names.join(", ");
  return <>{unnamed > 0 ? t("scope.more", { names, count: unnamed }) : t("scope.customers", { names })}</>;
}

export function KeysTable<K extends MyApiKey>({
  keys,
  customerId,
  customerNames,
  mayRevoke,
  onRevoke,
  testId,
}: {
  keys: readonly K[];
  customerId: string;
  customerNames: ReadonlyMap<string, string>;
  mayRevoke: (key: K) => boolean;
  onRevoke: (key: K) => void;
  testId: string;
}) {
  const { t, i18n } = useTranslation("apiKeys");
  const language = i18n.language as Language;
  const withOwner = keys.some((key) => "owner" in key);
  const anyRevocable = keys.some(mayRevoke);
  const date = (value: string | null, empty: string) => (value ? formatDateTime(value, language) : empty);
  return (
    <Table.ScrollContainer minWidth={withOwner ? 980 : 860}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("columns.name")}</Table.Th>
            <Table.Th>{t("columns.prefix")}</Table.Th>
            {withOwner && <Table.Th>{t("columns.owner")}</Table.Th>}
            <Table.Th>{t("columns.scope")}</Table.Th>
            <Table.Th>{t("columns.created")}</Table.Th>
            <Table.Th>{t("columns.lastUsed")}</Table.Th>
            <Table.Th>{t("columns.expires")}</Table.Th>
            <Table.Th>{t("columns.status")}</Table.Th>
            {anyRevocable && (
              <Table.Th>
                <VisuallyHidden>{t("columns.actions")}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => {
            const owner = "owner" in key ? (key as unknown as CustomerApiKey).owner : null;
            return (
              <Table.Tr key={key.id} data-key-id={key.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {key.name}
                  </Text>
                  {key.legacy && (
                    <Badge size="xs" variant="outline" color="gray">
                      {t("legacy")}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{key.displayPrefix}…</Code>
                </Table.Td>
                {withOwner && (
                  <Table.Td>
                    {owner && (
                      <>
                        <Text size="sm">{owner.displayName}</Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {owner.code}
                        </Text>
                      </>
                    )}
                  </Table.Td>
                )}
                <Table.Td>
                  <Text size="sm">
                    <ScopeText apiKey={key} customerId={customerId} customerNames={customerNames} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{date(key.createdAt, "")}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{date(key.lastUsedAt, t("never"))}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {key.expiresAt ? formatDateTime(lastDayOf(key.expiresAt), language) : t("noExpiry")}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={key.status} />
                </Table.Td>
                {anyRevocable && (
                  <Table.Td>
                    {mayRevoke(key) && (
                      <Button
                        size="compact-sm"
                        variant="light"
                        color="red"
                        onClick={() => onRevoke(key)}
                        aria-label={t("revoke.label", { name: key.name })}
                      >
                        {t("revoke.button")}
                      </Button>
                    )}
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
