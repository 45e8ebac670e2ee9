import { Alert, Badge, Button, CopyButton, Group, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { isLanguage } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import type { EnrolmentLink } from "./model";

/**
 * A freshly issued enrolment link: shown once (the server keeps only its hash), with a copy button,
 * its expiry and why it must go to the person alone.
 */
export function EnrolmentLinkPanel({ link, userCode }: { link: EnrolmentLink; userCode: string }) {
  const { t, i18n } = useTranslation("employees");
  const language = isLanguage(i18n.language) ? i18n.language : "de";
  return (
    <Stack gap="sm" data-testid="enrolment-link">
      <Group gap="xs">
        <Text fw={600}>{t("link.title")}</Text>
        <Badge color="orange" variant="light">
          {t("link.once")}
        </Badge>
      </Group>
      <Alert color="orange" variant="light">
        {t("link.warning")}
      </Alert>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          id="enrolment-link-url"
          label={t("link.label")}
          value={link.url}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          style={{ flex: 1, minWidth: 0 }}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        />
        <CopyButton value={link.url}>
          {({ copied, copy }) => (
            <Button onClick={copy} color={copied ? "teal" : undefined} variant={copied ? "light" : "filled"}>
              {copied ? t("link.copied") : t("link.copy")}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Text size="sm" data-testid="enrolment-link-expiry">
        {t("link.expires", { date: formatDateTime(link.expiresAt, language) })}
      </Text>
      <Text size="sm" c="dimmed">
        {t("link.userCode", { code: userCode })}
      </Text>
    </Stack>
  );
}
