/**
 * Profil (SPEC §1, §9): my data and user code, the language (saved to the profile), my roles per
 * customer, my passkeys and my sessions. One request per widget: the profile (data and roles),
 * passkeys, sessions.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useChooseLanguage } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { Empty, errorMessage, QueryState } from "../../components/QueryState";
import { isLanguage } from "../../i18n";
import { formatDay, type Language } from "../../lib/format";
import { type Contract, orderContracts, type Profile } from "./model";
import { PasskeysCard } from "./PasskeysCard";
import { SessionsCard } from "./SessionsCard";

const LANGUAGE_NAMES: Record<Language, string> = { de: "Deutsch", en: "English" };

function DataCard({ user }: { user: Profile["user"] }) {
  const { t } = useTranslation("profile");
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="data-title">
      <Title order={2} size="h4" id="data-title" mb="sm">
        {t("data.title")}
      </Title>
      <Stack gap="xs">
        <div>
          <Text size="sm" c="dimmed">
            {t("data.name")}
          </Text>
          <Text fw={500} data-testid="profile-name">
            {user.displayName}
          </Text>
        </div>
        <div>
          <Text size="sm" c="dimmed">
            {t("data.code")}
          </Text>
          <Group gap="xs">
            <Code fz="md" data-testid="profile-code">
              {user.code}
            </Code>
            <CopyButton value={user.code}>
              {({ copied, copy }) => (
                <Button size="compact-sm" variant="light" onClick={copy} aria-label={t("data.copyCode")}>
                  <span aria-live="polite">{copied ? t("data.copied") : t("data.copyCode")}</span>
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {t("data.codeHint")}
          </Text>
        </div>
        {(user.isStaff || user.isSuperuser) && (
          <Group gap="xs">
            {user.isStaff && <Badge variant="light">{t("data.staff")}</Badge>}
            {user.isSuperuser && (
              <Badge variant="light" color="grape">
                {t("data.superuser")}
              </Badge>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function LanguageCard() {
  const { t, i18n } = useTranslation("profile");
  const { t: common } = useTranslation();
  const chooseLanguage = useChooseLanguage();
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const choose = (value: string) => {
    if (!isLanguage(value) || value === language) return;
    chooseLanguage(value).then(
      // Said in the language just chosen: i18next has switched by now.
      () => notifications.show({ color: "green", message: i18n.t("profile:language.saved") }),
      (error: unknown) =>
        notifications.show({
          color: "red",
          title: common("error.title"),
          message: errorMessage(error, common),
        }),
    );
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="language-title">
      <Title order={2} size="h4" id="language-title">
        {t("language.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("language.description")}
      </Text>
      <SegmentedControl
        aria-label={t("language.label")}
        value={language}
        onChange={choose}
        data={(Object.keys(LANGUAGE_NAMES) as Language[]).map((value) => ({
          value,
          label: <span lang={value}>{LANGUAGE_NAMES[value]}</span>,
        }))}
        data-testid="profile-language"
      />
    </Card>
  );
}

function ContractRoles({ contract }: { contract: Contract }) {
  const { t, i18n } = useTranslation("profile");
  const { t: common } = useTranslation();
  const language = i18n.language as Language;
  return (
    <Stack
      gap="xs"
      py="sm"
      style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}
      data-testid="contract"
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text fw={600}>{contract.customer.name}</Text>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t("roles.since", { date: formatDay(contract.startDate, language) })}
            {contract.endDate ? ` ${t("roles.until", { date: formatDay(contract.endDate, language) })}` : ""}
          </Text>
          <Badge color={contract.isActive ? "green" : "gray"} variant="light">
            {contract.isActive ? t("roles.active") : t("roles.inactive")}
          </Badge>
        </Group>
      </Group>
      {!contract.isActive && (
        <Alert color="gray" variant="light" p="xs">
          <Text size="sm">{t("roles.inactiveHint")}</Text>
        </Alert>
      )}
      {contract.roles.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("roles.noRoles")}
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {contract.roles.map((held) => (
            <li key={held.role}>
              <Text size="sm" fw={500}>
                {common(`roleNames.${held.role}`)}
              </Text>
              <Group gap={4} wrap="wrap" mt={2}>
                {held.abilities.length === 0 ? (
                  <Badge size="sm" variant="outline" color="gray">
                    {t("roles.noAbilities")}
                  </Badge>
                ) : (
                  held.abilities.map((ability) => (
                    <Badge key={ability} size="sm" variant="outline" tt="none">
                      {common(`abilityNames.${ability}`)}
                    </Badge>
                  ))
                )}
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function RolesCard({ contracts }: { contracts: Profile["contracts"] }) {
  const { t } = useTranslation("profile");
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="roles-title">
      <Title order={2} size="h4" id="roles-title">
        {t("roles.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("roles.description")}
      </Text>
      {contracts.length === 0 ? (
        <Empty>{t("roles.empty")}</Empty>
      ) : (
        orderContracts(contracts).map((contract) => <ContractRoles key={contract.id} contract={contract} />)
      )}
    </Card>
  );
}

export default function ProfilePage() {
  const { t } = useTranslation("profile");
  const profile = useQuery({
    queryKey: ["me", "profile"],
    queryFn: () => unwrap(api.GET("/api/os/me/profile")),
  });
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <QueryState query={profile}>{(data) => <DataCard user={data.user} />}</QueryState>
          <LanguageCard />
        </SimpleGrid>
        <QueryState query={profile}>{(data) => <RolesCard contracts={data.contracts} />}</QueryState>
        <PasskeysCard />
        <SessionsCard />
      </Stack>
    </>
  );
}
