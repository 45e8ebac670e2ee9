/**
 * Buchungen (SPEC §9): the customer's executions filtered by period, program and status (all in the
 * URL query), paged newest first ("Mehr laden"), with totals, status badges, the complaint dialog on
 * not-paid rows and the CSV export of the same filter (a plain download the server streams).
 */
import { Button, Card, Center, Stack, Text } from "@mantine/core";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useCustomer } from "../../app/customer";
import { PageHeader } from "../../components/PageHeader";
import { Empty, ErrorAlert, Loading } from "../../components/QueryState";
import { isLanguage } from "../../i18n";
import { formatDay, type Language } from "../../lib/format";
import { ComplaintDialog } from "./ComplaintDialog";
import { ExecutionFilters } from "./ExecutionFilters";
import { ExecutionsTable } from "./ExecutionsTable";
import {
  apiQuery,
  type ExecutionFilter,
  exportUrl,
  filterFromQuery,
  filterToQuery,
  rangeProblem,
} from "./filters";
import { type ListedExecution, listKey, PAGE_SIZE, programsKey } from "./model";

export default function ExecutionsPage() {
  const { t, i18n } = useTranslation("executions");
  const { t: common } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const customer = useCustomer();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = useMemo(() => filterFromQuery(searchParams), [searchParams]);
  const problem = rangeProblem(filter);
  const query = apiQuery(customer.id, filter);
  const [disputing, setDisputing] = useState<ListedExecution | null>(null);
  const navigate = useNavigate();
  // A revoked execution leads to its (newest) complaint.
  const openComplaint = useMutation({
    mutationFn: (execution: ListedExecution) =>
      unwrap(
        api.GET("/api/os/executions/{executionId}/complaints", {
          params: { path: { executionId: execution.id } },
        }),
      ),
    onSuccess: ({ items: complaints }) => {
      const latest = complaints.at(-1);
      if (latest) navigate(`/c/${customer.id}/complaints/${latest.id}`);
    },
  });

  const setFilter = (next: ExecutionFilter) => setSearchParams(filterToQuery(next), { replace: true });

  const programs = useQuery({
    queryKey: programsKey(customer.id),
    queryFn: () =>
      unwrap(api.GET("/api/os/executions/programs", { params: { query: { customerId: customer.id } } })),
    staleTime: 60_000,
  });

  const list = useInfiniteQuery({
    queryKey: listKey(query),
    enabled: problem === null,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/os/executions", {
          params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // The previous filter's rows stay while the next ones load, so the table does not jump.
    placeholderData: keepPreviousData,
  });

  const first = list.data?.pages[0];
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button
            component="a"
            href={problem === null ? exportUrl(customer.id, filter) : undefined}
            download
            variant="light"
            disabled={problem !== null}
            title={t("exportHint")}
            data-testid="export-csv"
          >
            {t("export")}
          </Button>
        }
      />
      <Stack gap="md">
        <Card withBorder padding="md">
          <ExecutionFilters
            filter={filter}
            onChange={setFilter}
            programs={programs.data?.items ?? []}
            programsLoading={programs.isPending}
            problem={problem}
          />
          {programs.error && <ErrorAlert error={programs.error} />}
        </Card>
        {problem === null && (
          <Card withBorder padding={0}>
            {list.isPending ? (
              <Loading />
            ) : list.error && !list.data ? (
              <Stack p="md">
                <ErrorAlert error={list.error} />
              </Stack>
            ) : first ? (
              <Stack
                gap={0}
                style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
                aria-busy={list.isFetching}
              >
                <Text size="sm" c="dimmed" px="md" pt="sm" data-testid="shown-period">
                  {first.from && first.to
                    ? t("filters.shown", {
                        from: formatDay(first.from, language),
                        to: formatDay(first.to, language),
                      })
                    : t("filters.shownLast20")}
                </Text>
                {items.length === 0 ? (
                  <Empty>{t("table.empty")}</Empty>
                ) : (
                  <ExecutionsTable
                    items={items}
                    totals={first.totals}
                    onlyRevoked={filter.status === "revoked"}
                    language={language}
                    onComplain={setDisputing}
                    onOpenComplaint={(execution) => openComplaint.mutate(execution)}
                  />
                )}
                {list.error && <ErrorAlert error={list.error} />}
                {openComplaint.error && <ErrorAlert error={openComplaint.error} />}
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
            ) : null}
          </Card>
        )}
      </Stack>
      <ComplaintDialog execution={disputing} language={language} onClose={() => setDisputing(null)} />
    </>
  );
}
