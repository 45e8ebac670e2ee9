/**
 * Kunden (SPEC §10): every customer, searched on the server by name or customer number, page by
 * page; "Kunde anlegen" creates one and opens it. Search and page live in the URL.
 */
import { Anchor, Badge, Button, Card, Group, Pagination, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { PageHeader } from "../../../components/PageHeader";
import { Empty, ErrorAlert, Loading } from "../../../components/QueryState";
import { CreateCustomerModal } from "./CreateCustomerModal";
import { PAGE_SIZE, staffCustomersKey } from "./model";

export default function CustomersPage() {
  const { t } = useTranslation("staffCustomers");
  const [searchParams, setSearchParams] = useSearchParams();
  const [search, setSearch] = useState(searchParams.get("q") ?? "");
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const page = Math.max(1, Number(searchParams.get("page")) || 1);
  const [creating, setCreating] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a changed search resets the page
  useEffect(() => {
    if (debounced === (searchParams.get("q") ?? "")) return;
    setSearchParams(debounced ? { q: debounced } : {}, { replace: true });
  }, [debounced]);

  const list = useQuery({
    queryKey: [...staffCustomersKey, debounced, page],
    queryFn: () =>
      unwrap(
        api.GET("/api/staff/customers", {
          params: {
            query: {
              ...(debounced ? { q: debounced } : {}),
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;

  const goTo = (next: number) =>
    setSearchParams(
      (current) => {
        const params = new URLSearchParams(current);
        params.set("page", String(next));
        return params;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="create-customer">
            {t("create.open")}
          </Button>
        }
      />
      <Stack gap="md">
        <TextInput
          id="customer-search"
          label={t("search.label")}
          placeholder={t("search.placeholder")}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          type="search"
          w={{ base: "100%", xs: 360 }}
        />
        <Card withBorder padding={0}>
          {list.isPending ? (
            <Loading />
          ) : list.error && !list.data ? (
            <Stack p="md">
              <ErrorAlert error={list.error} />
            </Stack>
          ) : list.data.items.length === 0 ? (
            <Empty>{debounced ? t("empty.search") : t("empty.none")}</Empty>
          ) : (
            <Table
              verticalSpacing="sm"
              aria-label={t("table.caption")}
              data-testid="customers-table"
              style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("table.name")}</Table.Th>
                  <Table.Th>{t("table.number")}</Table.Th>
                  <Table.Th>{t("table.status")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((customer) => (
                  <Table.Tr key={customer.id}>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>
                      <Anchor component={Link} to={`/customers/${customer.id}`} fw={500}>
                        {customer.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>
                      {customer.customerNumber ?? (
                        <Text span c="dimmed">
                          –
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={customer.isActive ? "green" : "gray"}>
                        {customer.isActive ? t("status.active") : t("status.inactive")}
                      </Badge>
                    </Table.Td>
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
                onChange={goTo}
                size="sm"
                getControlProps={(control) => ({ "aria-label": t(`paging.${control}`) })}
                getItemProps={(item) => ({ "aria-label": t("paging.page", { page: item }) })}
              />
            )}
          </Group>
        )}
      </Stack>
      <CreateCustomerModal opened={creating} onClose={() => setCreating(false)} />
    </>
  );
}
