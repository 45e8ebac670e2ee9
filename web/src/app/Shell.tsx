/**
 * The frame of every signed-in page: header (menu button on phones, brand, customer switcher,
 * language, user menu) and the navigation of the selected customer.
 */
import {
  AppShell,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Select,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, NavLink as RouterNavLink, useLocation, useNavigate, useParams } from "react-router";
import { ApiError, api, unwrap } from "../api/client";
import { NotificationBell } from "../components/NotificationBell";
import { errorMessage, Loading } from "../components/QueryState";
import { currentLanguage, isLanguage, LANGUAGES } from "../i18n";
import { Holdings, navigationFor } from "./navigation";
import { useChooseLanguage, useMyRoles, useResetSession, useSession } from "./session";

function CustomerSwitcher() {
  const { t } = useTranslation();
  const roles = useMyRoles();
  const { customerId } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const customers = roles.data?.customers ?? [];
  const listed = !customerId || customers.some((entry) => entry.customerId === customerId);
  // Staff may open a customer they hold no contract for: its name comes from its master data
  // (the same query as the customer layout's).
  const visited = useQuery({
    queryKey: ["customer", customerId],
    queryFn: () =>
      unwrap(
        api.GET("/api/os/customers/{customerId}", { params: { path: { customerId: customerId ?? "" } } }),
      ),
    enabled: !listed && (roles.data?.staff ?? false),
  });
  if (!listed && !visited.data) return null;
  const options = customers.map((entry) => ({ value: entry.customerId, label: entry.customer.name }));
  if (!listed && customerId && visited.data) options.unshift({ value: customerId, label: visited.data.name });
  if (options.length < 2) {
    const only = options[0];
    return only ? (
      <Text fw={500} visibleFrom="xs" data-testid="customer-name">
        {only.label}
      </Text>
    ) : null;
  }
  return (
    <Select
      aria-label={t("shell.customer")}
      data={options}
      value={customerId ?? null}
      placeholder={t("shell.chooseCustomer")}
      allowDeselect={false}
      w={{ base: 160, sm: 240 }}
      onChange={(value) => {
        if (!value) return;
        // Stay on the same kind of page if the other customer opens it; the page guards itself.
        const rest = customerId ? (location.pathname.split(`/c/${customerId}`)[1] ?? "") : "";
        navigate(`/c/${value}${rest}`);
      }}
    />
  );
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const chooseLanguage = useChooseLanguage();
  const language = isLanguage(i18n.language) ? i18n.language : currentLanguage();
  const other = LANGUAGES.find((candidate) => candidate !== language) ?? "de";
  const choose = () =>
    chooseLanguage(other).catch((error: unknown) =>
      notifications.show({ color: "red", title: t("error.title"), message: errorMessage(error, t) }),
    );
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      onClick={() => void choose()}
      lang={other}
      aria-label={t("shell.switchLanguage")}
      data-testid="language-switch"
    >
      {other.toUpperCase()}
    </Button>
  );
}

/**
 * The user menu of both apps. NADOO OS and the staff console are separate routers, so links into
 * the other one load it as a page (`<a href>`).
 */
export function UserMenu({ app }: { app: "os" | "staff" }) {
  const { t } = useTranslation();
  const session = useSession();
  const reset = useResetSession();
  const navigate = useNavigate();
  const staff = session.data?.user.isStaff || session.data?.user.isSuperuser;
  const signOut = async () => {
    try {
      await unwrap(api.POST("/api/auth/logout"));
    } catch (error) {
      // Already signed out is what the user wanted; anything else must not look like success.
      if (!(error instanceof ApiError && error.status === 401)) {
        notifications.show({
          color: "red",
          title: t("shell.signOutFailed"),
          message: errorMessage(error, t),
        });
        return;
      }
    }
    await reset();
    if (app === "os") navigate("/login?signedOut=1");
    else window.location.assign("/os/login?signedOut=1");
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t("shell.userMenu")} data-testid="user-menu">
          <Text size="sm" fw={500} truncate maw={{ base: 96, sm: 200 }}>
            {session.data?.user.displayName}
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {app === "os" ? (
          <Menu.Item component={Link} to="/profile">
            {t("nav.profile")}
          </Menu.Item>
        ) : (
          <Menu.Item component="a" href="/os/profile">
            {t("nav.profile")}
          </Menu.Item>
        )}
        {staff && app === "os" && (
          <Menu.Item component="a" href="/staff/" data-testid="open-staff-console">
            {t("shell.staffConsole")}
          </Menu.Item>
        )}
        {app === "staff" && (
          <Menu.Item component="a" href="/os/" data-testid="open-os">
            {t("shell.openOs")}
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => void signOut()}>
          {t("shell.signOut")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function CustomerNavigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { customerId } = useParams();
  const roles = useMyRoles();
  const entry = roles.data?.customers.find((candidate) => candidate.customerId === customerId);
  const staff = roles.data?.staff ?? false;
  // Staff work for any customer, also without a contract of their own.
  if (!customerId || (!entry && !staff)) return null;
  const items = navigationFor(new Holdings(entry?.roles ?? [], staff));
  return (
    <>
      {items.map((item) => (
        <NavLink
          key={item.page}
          component={RouterNavLink}
          to={`/c/${customerId}${item.path ? `/${item.path}` : ""}`}
          end={item.path === ""}
          label={t(item.labelKey)}
          onClick={onNavigate}
          data-testid={`nav-${item.page}`}
        />
      ))}
    </>
  );
}

/**
 * The frame both apps share: header (menu button on phones, brand, what follows it, the bell,
 * language and user menu), the navigation (given the function that closes it on phones) and the page.
 */
export function Frame({
  app,
  brand,
  afterBrand,
  navigation,
  navigationLabel,
}: {
  app: "os" | "staff";
  brand: string;
  afterBrand: ReactNode;
  navigation: (close: () => void) => ReactNode;
  navigationLabel: string;
}) {
  const { t } = useTranslation();
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
              {brand}
            </Text>
            {afterBrand}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell app={app} />
            <LanguageSwitch />
            <UserMenu app={app} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={navigationLabel}>
        {navigation(close)}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

export function Shell() {
  const { t } = useTranslation();
  return (
    <Frame
      app="os"
      brand={t("app.name")}
      afterBrand={<CustomerSwitcher />}
      navigationLabel={t("shell.navigation")}
      navigation={(close) => (
        <>
          <AppShell.Section grow component={ScrollArea}>
            <CustomerNavigation onNavigate={close} />
          </AppShell.Section>
          <AppShell.Section>
            <NavLink component={RouterNavLink} to="/profile" label={t("nav.profile")} onClick={close} />
          </AppShell.Section>
        </>
      )}
    />
  );
}
