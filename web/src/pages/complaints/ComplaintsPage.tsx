/**
 * Reklamationen (SPEC §8): the customer's complaints, newest first, filtered by status (in the URL),
 * paged ("Mehr laden"). Each leads to its thread.
 */
import { Button, Card, Center, Stack } from "@mantine/core";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useCustomer } from "../../app/customer";
import { PageHeader } from "../../components/PageHeader";
import { Empty, ErrorAlert, Loading } from "../../components/QueryState";
import { isLanguage } from "../../i18n";
import type { Language } from "../../lib/format";
import { ComplaintsTable } from "./ComplaintsTable";
import { customerComplaintsKey, PAGE_SIZE } from "./model";
import { StatusFilter, statusFromQuery } from "./StatusFilter";

export default function ComplaintsPage() {
  const { t, i18n } = useTranslation("complaints");
  const { t: common } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const customer = useCustomer();
  const [searchParams, setSearchParams] = useSearchParams();
  const status = statusFromQuery(searchParams.get("status"), null);

  const list = useInfiniteQuery({
    queryKey: customerComplaintsKey(customer.id, status),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/os/customers/{customerId}/complaints", {
          params: {
            path: { customerId: customer.id },
            query: {
              limit: PAGE_SIZE,
              ...(status ? { status } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Stack gap="md">
        <StatusFilter
          value={status}
          onChange={(next) => setSearchParams(next ? { status: next } : {}, { replace: true })}
        />
        <Card withBorder padding={0}>
          {list.isPending ? (
            <Loading />
          ) : list.error && !list.data ? (
            <Stack p="md">
              <ErrorAlert error={list.error} />
            </Stack>
          ) : (
            <Stack gap={0} style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }} aria-busy={list.isFetching}>
              {items.length === 0 ? (
                <Empty>{status ? t("table.emptyStatus") : t("table.empty")}</Empty>
              ) : (
                <ComplaintsTable
                  items={items}
                  language={language}
                  linkTo={(complaint) => `/c/${customer.id}/complaints/${complaint.id}`}
                />
              )}
              {list.error && <ErrorAlert error={list.error} />}
              {list.hasNextPage && (
                <Center p="md">
                  <Button
                    variant="default"
                    onClick={() => list.fetchNextPage()}
                    loading={list.isFetchingNextPage}
                    data-testid="load-more"
                  >
                    {common("actions.more")}
                  </Button>
                </Center>
              )}
            </Stack>
          )}
        </Card>
      </Stack>
    </>
  );
}
