/**
 * Benutzer (SPEC §10): every user, searched on the server by name or user code, filtered to NADOO's
 * own staff or to deactivated accounts; "Benutzer anlegen" creates one (the staff and superuser
 * flags only for superusers) and can issue the enrolment link at once.
 */
import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Pagination,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { useSession } from "../../../app/session";
import { PageHeader } from "../../../components/PageHeader";
import { Empty, ErrorAlert, Loading } from "../../../components/QueryState";
import { CreateUserModal } from "./CreateUserModal";
import { FlagBadges } from "./FlagBadges";
import { PAGE_SIZE, staffUsersKey } from "./model";

export default function UsersPage() {
  const { t } = useTranslation("staffUsers");
  const session = useSession();
  const mayGrantFlags = session.data?.user.isSuperuser ?? false;
  const [searchParams, setSearchParams] = useSearchParams();
  const [search, setSearch] = useState(searchParams.get("q") ?? "");
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const staffOnly = searchParams.get("staff") === "true";
  const inactiveOnly = searchParams.get("active") === "false";
  const page = Math.max(1, Number(searchParams.get("page")) || 1);
  const [creating, setCreating] = useState(false);

  const update = (changes: Record<string, string | null>) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a changed search resets the page
  useEffect(() => {
    if (debounced === (searchParams.get("q") ?? "")) return;
    update({ q: debounced || null, page: null });
  }, [debounced]);

  const list = useQuery({
    queryKey: [...staffUsersKey, debounced, staffOnly, inactiveOnly, page],
    queryFn: () =>
      unwrap(
        api.GET("/api/staff/users", {
          params: {
            query: {
              ...(debounced ? { q: debounced } : {}),
              ...(staffOnly ? { staff: "true" as const } : {}),
              ...(inactiveOnly ? { active: "false" as const } : {}),
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const filtered = Boolean(debounced) || staffOnly || inactiveOnly;

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="create-user">
            {t("create.open")}
          </Button>
        }
      />
      <Stack gap="md">
        <Group align="flex-end" gap="md" wrap="wrap">
          <TextInput
            id="user-search"
            label={t("search.label")}
            placeholder={t("search.placeholder")}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            type="search"
            w={{ base: "100%", xs: 320 }}
          />
          <Checkbox
            id="filter-staff"
            label={t("filters.staff")}
            checked={staffOnly}
            onChange={(event) => update({ staff: event.currentTarget.checked ? "true" : null, page: null })}
            mb={8}
          />
          <Checkbox
            id="filter-inactive"
            label={t("filters.inactive")}
            checked={inactiveOnly}
            onChange={(event) => update({ active: event.currentTarget.checked ? "false" : null, page: null })}
            mb={8}
          />
        </Group>
        <Card withBorder padding={0}>
          {list.isPending ? (
            <Loading />
          ) : list.error && !list.data ? (
            <Stack p="md">
              <ErrorAlert error={list.error} />
            </Stack>
          ) : list.data.items.length === 0 ? (
            <Empty>{filtered ? t("empty.search") : t("empty.none")}</Empty>
          ) : (
            <Table
              verticalSpacing="sm"
              aria-label={t("table.caption")}
              data-testid="users-table"
              style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("table.name")}</Table.Th>
                  <Table.Th visibleFrom="sm">{t("table.code")}</Table.Th>
                  <Table.Th>{t("table.flags")}</Table.Th>
                  <Table.Th visibleFrom="sm">{t("table.passkeys")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>
                      <Anchor component={Link} to={`/users/${user.id}`} fw={500}>
                        {user.displayName}
                      </Anchor>
                      <Text size="xs" c="dimmed" ff="monospace" hiddenFrom="sm">
                        {user.code}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="sm" ff="monospace">
                      {user.code}
                    </Table.Td>
                    <Table.Td>
                      <FlagBadges user={user} />
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{user.passkeyCount}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        {list.data && list.data.total > 0 && (
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="sm" c="dimmed">
              {t("table.total", { count: list.data.total })}
            </Text>
            {pages > 1 && (
              <Pagination
                total={pages}
                value={Math.min(page, pages)}
                onChange={(next) => update({ page: String(next) })}
                size="sm"
                getControlProps={(control) => ({ "aria-label": t(`paging.${control}`) })}
                getItemProps={(item) => ({ "aria-label": t("paging.page", { page: item }) })}
              />
            )}
          </Group>
        )}
      </Stack>
      <CreateUserModal opened={creating} mayGrantFlags={mayGrantFlags} onClose={() => setCreating(false)} />
    </>
  );
}
