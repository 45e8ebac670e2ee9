/**
 * Buchungen in the staff console (SPEC §7, §10): executions across customers, filtered by customer,
 * program, status and Berlin calendar days (all in the URL), newest first with "Mehr laden";
 * marking a customer's month paid and deleting an execution with or without a refund.
 */
import { Alert, Button, List, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { PageHeader } from "../../../components/PageHeader";
import { Empty, ErrorAlert, Loading } from "../../../components/QueryState";
import { isLanguage } from "../../../i18n";
import { formatDuration, type Language } from "../../../lib/format";
import { CustomerPicker } from "../../../staff/CustomerPicker";
import { type PaymentStatus, STATUSES } from "../../executions/filters";
import { type DeletedExecution, DeleteExecutionDialog } from "./DeleteExecutionDialog";
import { StaffExecutionsTable } from "./ExecutionsTable";
import { apiQuery, filterFromQuery, filterToQuery, isBackwards, type StaffExecutionFilter } from "./filters";
import { type MarkedPaid, MarkPaidDialog } from "./MarkPaidDialog";
import { formatMonth, PAGE_SIZE, STAFF_EXECUTIONS_KEY, type StaffExecution } from "./model";

export default function ExecutionsPage() {
  const { t, i18n } = useTranslation("staffExecutions");
  const { t: common } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = filterFromQuery(searchParams);
  const backwards = isBackwards(filter);
  const [marking, setMarking] = useState(false);
  const [deleting, setDeleting] = useState<StaffExecution | null>(null);
  const [marked, setMarked] = useState<MarkedPaid | null>(null);
  const [deleted, setDeleted] = useState<DeletedExecution | null>(null);

  const setFilter = (next: StaffExecutionFilter) => setSearchParams(filterToQuery(next), { replace: true });

  const customer = useQuery({
    queryKey: ["staff", "customer", filter.customerId],
    queryFn: () =>
      unwrap(
        api.GET("/api/staff/customers/{customerId}", {
          params: { path: { customerId: filter.customerId ?? "" } },
        }),
      ),
    enabled: filter.customerId !== undefined,
  });
  const programs = useQuery({
    queryKey: ["staff", "customer-programs", filter.customerId],
    queryFn: () =>
      unwrap(
        api.GET("/api/staff/customer-programs", { params: { query: { customerId: filter.customerId } } }),
      ),
    enabled: filter.customerId !== undefined,
  });
  const query = apiQuery(filter);
  const list = useInfiniteQuery({
    queryKey: [...STAFF_EXECUTIONS_KEY, query],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/executions", {
          params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: !backwards,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const programOptions = [
    { value: "", label: t("filters.allPrograms") },
    ...(programs.data?.items ?? []).map((program) => ({
      value: program.id,
      label: program.isActive
        ? program.program.name
        : t("filters.inactiveProgram", { name: program.program.name }),
    })),
  ];
  const statusOptions = [
    { value: "", label: t("filters.allStatuses") },
    ...STATUSES.map((status) => ({ value: status, label: common(`status.${status}`) })),
  ];

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button onClick={() => setMarking(true)} data-testid="mark-paid">
            {t("markPaid.open")}
          </Button>
        }
      />
      <Stack gap="md">
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 5 }}
          spacing="sm"
          role="search"
          aria-label={t("filters.label")}
        >
          <CustomerPicker
            value={filter.customerId ?? null}
            onChange={(picked) => setFilter({ ...filter, customerId: picked?.id, program: undefined })}
          />
          <Select
            label={t("filters.program")}
            data={programOptions}
            value={filter.program ?? ""}
            onChange={(value) => setFilter({ ...filter, program: value || undefined })}
            allowDeselect={false}
            disabled={!filter.customerId}
            description={filter.customerId ? undefined : t("filters.programNeedsCustomer")}
            data-testid="program-filter"
          />
          <Select
            label={t("filters.status")}
            data={statusOptions}
            value={filter.status ?? ""}
            onChange={(value) =>
              setFilter({ ...filter, status: (value || undefined) as PaymentStatus | undefined })
            }
            allowDeselect={false}
            data-testid="status-filter"
          />
          <TextInput
            type="date"
            label={t("filters.from")}
            value={filter.from ?? ""}
            onChange={(event) => setFilter({ ...filter, from: event.currentTarget.value || undefined })}
            error={backwards ? t("filters.backwards") : undefined}
            data-testid="filter-from"
          />
          <TextInput
            type="date"
            label={t("filters.to")}
            value={filter.to ?? ""}
            onChange={(event) => setFilter({ ...filter, to: event.currentTarget.value || undefined })}
            data-testid="filter-to"
          />
        </SimpleGrid>
        {marked && (
          <Alert
            color="green"
            withCloseButton
            closeButtonLabel={common("actions.close")}
            onClose={() => setMarked(null)}
            data-testid="mark-paid-result"
          >
            {t("markPaid.done", {
              count: marked.count,
              customer: marked.customerName,
              month: formatMonth(marked.month, language),
            })}
          </Alert>
        )}
        {deleted && (
          <Alert
            color="green"
            withCloseButton
            closeButtonLabel={common("actions.close")}
            onClose={() => setDeleted(null)}
            data-testid="delete-result"
          >
            <Text size="sm">
              {deleted.refunded
                ? deleted.refunds.length
                  ? t("delete.doneRefunded")
                  : t("delete.doneNothingToRefund")
                : t("delete.doneWithoutRefund")}
            </Text>
            {deleted.refunds.length > 0 && (
              <List size="sm" mt={4}>
                {deleted.refunds.map((refund) => (
                  <List.Item key={refund.timeAccountId} data-testid="refund">
                    {t("delete.refundLine", {
                      amount: formatDuration(refund.seconds, language),
                      account: refund.name,
                    })}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        {backwards ? null : list.isPending ? (
          <Loading />
        ) : list.error && !list.data ? (
          <ErrorAlert error={list.error} />
        ) : items.length === 0 ? (
          <Empty>{t("table.empty")}</Empty>
        ) : (
          <StaffExecutionsTable items={items} language={language} onDelete={setDeleting} />
        )}
        {list.error && list.data && <ErrorAlert error={list.error} />}
        {list.hasNextPage && (
          <Button
            variant="default"
            onClick={() => list.fetchNextPage()}
            loading={list.isFetchingNextPage}
            style={{ alignSelf: "center" }}
            data-testid="more"
          >
            {common("actions.more")}
          </Button>
        )}
      </Stack>
      {marking && (
        <MarkPaidDialog
          customer={
            filter.customerId && customer.data ? { id: filter.customerId, name: customer.data.name } : null
          }
          language={language}
          onClose={() => setMarking(false)}
          onMarked={setMarked}
        />
      )}
      <DeleteExecutionDialog
        execution={deleting}
        language={language}
        onClose={() => setDeleting(null)}
        onDeleted={setDeleted}
      />
    </>
  );
}
