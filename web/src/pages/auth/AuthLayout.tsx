/**
 * The frame of the pages people see before they are signed in: a centred card with the brand, the
 * page's heading and a language switch. `?lang=de|en` (kept by the server's old /login and /enrol
 * addresses) picks the language once.
 */
import { Anchor, Box, Button, Card, Center, Group, Image, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { changeLanguage, currentLanguage, isLanguage, LANGUAGES } from "../../i18n";

export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t, i18n } = useTranslation("auth");
  const { t: common } = useTranslation();
  const [params] = useSearchParams();
  const requested = params.get("lang");

  useEffect(() => {
    if (isLanguage(requested) && requested !== currentLanguage()) void changeLanguage(requested);
  }, [requested]);

  useEffect(() => {
    document.title = `${title} – ${common("app.name")}`;
  }, [title, common]);

  const language = isLanguage(i18n.language) ? i18n.language : "de";
  const other = LANGUAGES.find((candidate) => candidate !== language) ?? "de";

  return (
    <Box component="main" mih="100dvh" bg="gray.0" px="sm" py="xl">
      <Center mih="calc(100dvh - 4rem)">
        <Stack w="100%" maw={440} gap="md">
          <Group justify="space-between" wrap="nowrap">
            <Anchor component={Link} to="/" underline="never" aria-label={common("app.name")}>
              <Group gap="xs" wrap="nowrap">
                <Image src="/os/icon.svg" alt="" w={36} h={36} />
                <Text fw={700} size="xl" c="blue.8">
                  {common("app.name")}
                </Text>
              </Group>
            </Anchor>
            <Button
              variant="subtle"
              size="compact-sm"
              lang={other}
              aria-label={t("languageSwitchLabel")}
              onClick={() => void changeLanguage(other)}
              data-testid="language-switch"
            >
              {t("languageSwitch")}
            </Button>
          </Group>
          <Card withBorder shadow="sm" radius="md" p={{ base: "md", xs: "xl" }}>
            <Stack gap="md">
              <Title order={1} size="h2">
                {title}
              </Title>
              {children}
            </Stack>
          </Card>
          <Text size="sm" c="dimmed" ta="center">
            {t("brandTagline")}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
