import { Alert, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NoRoles({ staff = false }: { staff?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack maw={640} data-testid="no-roles">
      <Title order={1} size="h2">
        {t("noRoles.title")}
      </Title>
      <Text>{t("noRoles.text")}</Text>
      {staff && (
        <Text>
          <a href="/staff/" data-testid="no-roles-staff-console">
            {t("noRoles.staffConsole")}
          </a>
        </Text>
      )}
      <Text>
        <Link to="/profile">{t("noRoles.profile")}</Link>
      </Text>
    </Stack>
  );
}

export function NoAccess() {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" title={t("noAccess.title")} role="alert" maw={640}>
      {t("noAccess.text")} <Link to="/">{t("noAccess.home")}</Link>
    </Alert>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Alert color="gray" title={t("notFound.title")} maw={640}>
      {t("notFound.text")} <Link to="/">{t("noAccess.home")}</Link>
    </Alert>
  );
}
