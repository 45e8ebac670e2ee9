/**
 * The frame of the staff console (/staff/): header with the bell, language and user menu, and the
 * console's navigation.
 */
import { AppShell, Badge, Burger, Group, NavLink, ScrollArea, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, NavLink as RouterNavLink } from "react-router";
import { LanguageSwitch, UserMenu } from "../app/Shell";
import { NotificationBell } from "../components/NotificationBell";
import { Loading } from "../components/QueryState";
import { STAFF_NAVIGATION } from "./navigation";

export function StaffShell() {
  const { t } = useTranslation("staff");
  const [opened, { toggle, close }] = useDisclosure();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("shell.menu")} />
            <Text
              component={Link}
              to="/"
              fw={700}
              size="lg"
              c="blue.8"
              style={{ textDecoration: "none", whiteSpace: "nowrap" }}
            >
              {t("shell.brand")}
            </Text>
            <Badge color="grape" variant="light" visibleFrom="xs">
              {t("shell.badge")}
            </Badge>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell app="staff" />
            <LanguageSwitch />
            <UserMenu app="staff" />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("shell.navigation")}>
        <AppShell.Section grow component={ScrollArea}>
          {STAFF_NAVIGATION.map((item) => (
            <NavLink
              key={item.path}
              component={RouterNavLink}
              to={`/${item.path}`}
              label={t(item.labelKey)}
              onClick={close}
              data-testid={`staff-nav-${item.path}`}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
