/**
 * The frame of the staff console (/staff/): the shared header with the bell, language and user menu,
 * and the console's navigation.
 */
import { AppShell, Badge, NavLink, ScrollArea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { NavLink as RouterNavLink } from "react-router";
import { Frame } from "../app/Shell";
import { STAFF_NAVIGATION } from "./navigation";

export function StaffShell() {
  const { t } = useTranslation("staff");
  return (
    <Frame
      app="staff"
      brand={t("shell.brand")}
      afterBrand={
        <Badge color="grape" variant="light" visibleFrom="xs">
          {t("shell.badge")}
        </Badge>
      }
      navigationLabel={t("shell.navigation")}
      navigation={(close) => (
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
      )}
    />
  );
}
