/**
 * Programme (SPEC §4, §9): every program installed for the customer with what it saves per run,
 * how it is priced (fixed or tiered), the rate now, the price of a run, the current and the next
 * price tier, the time accounts it draws from in order, and the tier table on request.
 * One request for the whole page.
 */
import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useCustomer } from "../../app/customer";
import { PageHeader } from "../../components/PageHeader";
import { Empty, QueryState } from "../../components/QueryState";
import { isLanguage } from "../../i18n";
import { formatDuration, formatMoney, type Language } from "../../lib/format";
import {
  type CustomerProgram,
  currentTierIndex,
  formatHours,
  formatRate,
  hoursUntil,
  priceOfSeconds,
  programsKey,
} from "./pricing";
import { TierTable } from "./TierTable";
import { TimeAccountOrder } from "./TimeAccountOrder";

export default function ProgramsPage() {
  const { t, i18n } = useTranslation("programs");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const customer = useCustomer();
  const programs = useQuery({
    queryKey: programsKey(customer.id),
    queryFn: () =>
      unwrap(
        api.GET("/api/os/customers/{customerId}/customer-programs", {
          params: { path: { customerId: customer.id } },
        }),
      ),
  });
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <QueryState query={programs}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t("empty")}</Empty>
          ) : (
            <Stack gap="lg">
              {data.items.map((program) => (
                <ProgramCard key={program.id} program={program} language={language} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </>
  );
}

function ProgramCard({ program, language }: { program: CustomerProgram; language: Language }) {
  const { t } = useTranslation("programs");
  const money = (amount: string) => formatMoney(amount, program.currency, language);
  const perHour = (amount: string) => t("perHour", { price: money(amount) });
  const tiered = program.pricingMode === "tiered";
  const current = currentTierIndex(program.tiers, program.hoursSaved);
  const currentTier = program.tiers[current];
  const titleId = `program-${program.id}`;
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={titleId} data-testid="program">
      <Stack gap="md">
        <div>
          <Group justify="space-between" align="flex-start" gap="xs">
            <Title order={2} size="h3" id={titleId} style={{ overflowWrap: "anywhere" }}>
              {program.program.name}
            </Title>
            <Group gap={6}>
              <Badge variant="light" color={program.isActive ? "green" : "gray"}>
                {program.isActive ? t("status.active") : t("status.inactive")}
              </Badge>
              <Badge variant="outline" color={tiered ? "indigo" : "cyan"} data-testid="pricing-mode">
                {tiered ? t("mode.tiered") : t("mode.fixed")}
              </Badge>
            </Group>
          </Group>
          {program.program.description && (
            <Text c="dimmed" mt={4} style={{ whiteSpace: "pre-line" }}>
              {program.program.description}
            </Text>
          )}
        </div>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="sm" component="dl" m={0}>
          <Fact label={t("facts.timeSaved")}>
            {formatDuration(program.defaultTimeSavedSeconds, language)}
          </Fact>
          <Fact label={t("facts.pricePerSecond")} testId="price-per-second">
            {formatRate(program.currentPricePerSecond, program.currency, language)}
          </Fact>
          <Fact label={t("facts.pricePerRun")} hint={t("facts.pricePerRunHint")} testId="price-per-run">
            {money(priceOfSeconds(program.defaultTimeSavedSeconds, program.currentPricePerSecond))}
          </Fact>
          {tiered && currentTier ? (
            <>
              <Fact label={t("facts.hoursSaved")}>
                {t("hours", { hours: formatHours(program.hoursSaved, language) })}
              </Fact>
              <Fact
                label={t("facts.currentTier")}
                hint={t("tierOf", { number: current + 1, total: program.tiers.length })}
                testId="current-tier"
              >
                {t("tierFrom", {
                  hours: formatHours(currentTier.fromHours, language),
                  price: perHour(currentTier.pricePerHour),
                })}
              </Fact>
              <Fact
                label={t("facts.nextTier")}
                hint={
                  program.nextTier
                    ? t("hoursToGo", {
                        hours: formatHours(
                          hoursUntil(program.nextTier.fromHours, program.hoursSaved),
                          language,
                        ),
                      })
                    : undefined
                }
                testId="next-tier"
              >
                {program.nextTier
                  ? t("nextTier", {
                      hours: formatHours(program.nextTier.fromHours, language),
                      price: perHour(program.nextTier.pricePerHour),
                    })
                  : t("highestTier")}
              </Fact>
            </>
          ) : (
            <Fact label={t("facts.pricePerHour")} hint={t("fixedHint")}>
              {perHour(program.currentPricePerHour)}
            </Fact>
          )}
        </SimpleGrid>
        <TimeAccountOrder accounts={program.timeAccounts} language={language} />
        {tiered && <TierTable program={program} current={current} language={language} />}
      </Stack>
    </Card>
  );
}

function Fact({
  label,
  hint,
  testId,
  children,
}: {
  label: string;
  hint?: string | undefined;
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <div data-testid={testId}>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} fw={600}>
        {children}
      </Text>
      {hint && (
        <Text component="dd" m={0} size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </div>
  );
}
