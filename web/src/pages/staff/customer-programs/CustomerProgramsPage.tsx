/**
 * Customer programs (SPEC §4, §10): the programs set up for one customer with their pricing and the
 * time accounts they draw from, in order. The customer is part of the URL (`?customerId=`).
 */
import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { PageHeader } from "../../../components/PageHeader";
import { Empty, QueryState } from "../../../components/QueryState";
import { isLanguage } from "../../../i18n";
import { formatDuration, formatMoney, type Language } from "../../../lib/format";
import { CustomerPicker } from "../../../staff/CustomerPicker";
import { formatRate } from "../../programs/pricing";
import { CustomerProgramModal } from "./CustomerProgramModal";
import { type CustomerProgram, customerProgramsKey } from "./model";

export default function CustomerProgramsPage() {
  const { t, i18n } = useTranslation("staffCustomerPrograms");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const [searchParams, setSearchParams] = useSearchParams();
  const customerId = searchParams.get("customerId");
  const [editing, setEditing] = useState<CustomerProgram | null>(null);
  const [creating, setCreating] = useState(false);

  const programs = useQuery({
    queryKey: customerProgramsKey(customerId ?? ""),
    queryFn: () =>
      unwrap(
        api.GET("/api/staff/customer-programs", { params: { query: { customerId: customerId ?? "" } } }),
      ),
    enabled: customerId !== null,
  });

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button
            disabled={!customerId}
            onClick={() => setCreating(true)}
            data-testid="create-customer-program"
          >
            {t("create")}
          </Button>
        }
      />
      <CustomerPicker
        value={customerId}
        onChange={(customer) => setSearchParams(customer ? { customerId: customer.id } : {})}
        maw={480}
        mb="md"
      />
      {customerId === null ? (
        <Empty>{t("pickCustomer")}</Empty>
      ) : (
        <QueryState query={programs}>
          {(data) =>
            data.items.length === 0 ? (
              <Empty>{t("empty")}</Empty>
            ) : (
              <SimpleGrid cols={{ base: 1, lg: 2 }} data-testid="customer-program-list">
                {data.items.map((item) => (
                  <CustomerProgramCard
                    key={item.id}
                    program={item}
                    language={language}
                    onEdit={() => setEditing(item)}
                  />
                ))}
              </SimpleGrid>
            )
          }
        </QueryState>
      )}
      {customerId && (
        <CustomerProgramModal
          opened={creating || editing !== null}
          customerId={customerId}
          program={editing}
          language={language}
          onClose={() => {
            setCreating(false);
            setEditing(null);
          }}
        />
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function CustomerProgramCard({
  program,
  language,
  onEdit,
}: {
  program: CustomerProgram;
  language: Language;
  onEdit: () => void;
}) {
  const { t } = useTranslation("staffCustomerPrograms");
  const titleId = `customer-program-${program.id}`;
  const accounts = [...program.timeAccounts].sort((a, b) => a.position - b.position);
  return (
    <Card withBorder padding="md" aria-labelledby={titleId} data-testid="customer-program-card">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={2} size="h4" id={titleId} style={{ overflowWrap: "anywhere" }}>
            {program.program.name}
          </Title>
          <Badge color={program.isActive ? "green" : "gray"} variant="light" style={{ flexShrink: 0 }}>
            {program.isActive ? t("status.active") : t("status.inactive")}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
          <Fact label={t("fields.defaultTimeSaved")}>
            {formatDuration(program.defaultTimeSavedSeconds, language)}
          </Fact>
          <Fact label={t("fields.pricingMode")}>
            {t(`pricingMode.${program.pricingMode}`)}
            {program.pricingMode === "tiered" && (
              <Text span size="sm" c="dimmed">
                {" "}
                (
                {program.defaultTiers
                  ? t("card.defaultTable")
                  : t("card.ownTable", { count: program.tiers.length })}
                )
              </Text>
            )}
          </Fact>
          {program.pricingMode === "fixed" ? (
            <Fact label={t("card.pricePerSecond")}>
              {t("card.perSecond", { price: formatRate(program.pricePerSecond, program.currency, language) })}
            </Fact>
          ) : (
            <Fact label={t("card.currentTier")}>
              {t("card.perHour", {
                price: formatMoney(program.currentPricePerHour, program.currency, language),
              })}
            </Fact>
          )}
          <Fact label={t("fields.currency")}>{program.currency}</Fact>
        </SimpleGrid>
        <Fact label={t("accounts.label")}>
          {accounts.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("accounts.none")}
            </Text>
          ) : (
            <List type="ordered" size="sm" spacing={2} data-testid="customer-program-accounts">
              {accounts.map((account) => (
                <List.Item key={account.id}>
                  {account.name}{" "}
                  <Text span size="xs" c="dimmed">
                    {formatDuration(account.balanceSeconds, language)}
                    {!account.isActive && ` · ${t("accounts.inactive")}`}
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </Fact>
        <Group>
          <Button
            variant="light"
            size="xs"
            onClick={onEdit}
            aria-label={t("editNamed", { name: program.program.name })}
            data-testid="edit-customer-program"
          >
            {t("edit")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
