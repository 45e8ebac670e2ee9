/**
 * The program catalogue (SPEC §4, §10): programs with their dependencies, added, changed and deleted
 * by staff. A program that customer programs use cannot be deleted; it is deactivated instead.
 */
import { Badge, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ApiError, api, unwrap } from "../../../api/client";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { PageHeader } from "../../../components/PageHeader";
import { Empty, QueryState } from "../../../components/QueryState";
import { type Program, programsKey } from "./model";
import { ProgramModal } from "./ProgramModal";

type Filter = "active" | "all";

export default function ProgramsPage() {
  const { t } = useTranslation("staffPrograms");
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter: Filter = searchParams.get("show") === "all" ? "all" : "active";
  // The whole catalogue: the list filters it, and every program is a possible dependency.
  const catalogue = useQuery({
    queryKey: programsKey,
    queryFn: () => unwrap(api.GET("/api/staff/programs")),
  });
  const [editing, setEditing] = useState<Program | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Program | null>(null);

  const remove = useMutation<void, ApiError, Program>({
    mutationFn: async (program) => {
      await unwrap(api.DELETE("/api/staff/programs/{id}", { params: { path: { id: program.id } } }));
    },
    onSuccess: (_, program) => {
      void queryClient.invalidateQueries({ queryKey: programsKey });
      notifications.show({ color: "green", message: t("delete.done", { name: program.name }) });
      closeDelete();
    },
  });

  function closeDelete() {
    remove.reset();
    setDeleting(null);
  }

  const all = catalogue.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="create-program">
            {t("create")}
          </Button>
        }
      />
      <SegmentedControl
        mb="md"
        aria-label={t("filter.label")}
        value={filter}
        onChange={(value) => setSearchParams(value === "all" ? { show: "all" } : {}, { replace: true })}
        data={[
          { value: "active", label: t("filter.active") },
          { value: "all", label: t("filter.all") },
        ]}
        data-testid="program-filter"
      />
      <QueryState query={catalogue}>
        {(data) => {
          const shown = data.items.filter((program) => filter === "all" || program.isActive);
          if (shown.length === 0)
            return <Empty>{filter === "all" ? t("empty.all") : t("empty.active")}</Empty>;
          return (
            <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="program-list">
              {shown.map((program) => (
                <ProgramCard
                  key={program.id}
                  program={program}
                  onEdit={() => setEditing(program)}
                  onDelete={() => setDeleting(program)}
                />
              ))}
            </SimpleGrid>
          );
        }}
      </QueryState>
      <ProgramModal
        opened={creating || editing !== null}
        program={editing}
        catalogue={all}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
      <ConfirmDialog
        opened={deleting !== null}
        title={t("delete.title", { name: deleting?.name ?? "" })}
        confirmLabel={t("delete.confirm")}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={closeDelete}
        pending={remove.isPending}
        error={remove.error}
        explain={(error) => (error instanceof ApiError && error.status === 409 ? t("delete.inUse") : null)}
      >
        {t("delete.text")}
      </ConfirmDialog>
    </>
  );
}

function ProgramCard({
  program,
  onEdit,
  onDelete,
}: {
  program: Program;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation("staffPrograms");
  return (
    <Card withBorder padding="md" data-testid="program-card" aria-labelledby={`program-${program.id}`}>
      <Stack gap="xs" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={2} size="h4" id={`program-${program.id}`} style={{ overflowWrap: "anywhere" }}>
            {program.name}
          </Title>
          <Badge color={program.isActive ? "green" : "gray"} variant="light" style={{ flexShrink: 0 }}>
            {program.isActive ? t("status.active") : t("status.inactive")}
          </Badge>
        </Group>
        <Text
          size="sm"
          c={program.description ? undefined : "dimmed"}
          lineClamp={3}
          style={{ overflowWrap: "anywhere" }}
        >
          {program.description || t("noDescription")}
        </Text>
        <Group gap={6} wrap="wrap" data-testid="program-dependencies">
          <Text size="sm" fw={500}>
            {t("dependsOn")}
          </Text>
          {program.dependencies.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("noDependencies")}
            </Text>
          ) : (
            program.dependencies.map((dependency) => (
              <Badge key={dependency.id} variant="outline" style={{ textTransform: "none" }}>
                {dependency.name}
              </Badge>
            ))
          )}
        </Group>
        <Group gap="xs" mt="auto" pt="xs">
          <Button
            variant="light"
            size="xs"
            onClick={onEdit}
            aria-label={t("editNamed", { name: program.name })}
            data-testid="edit-program"
          >
            {t("edit")}
          </Button>
          <Button
            variant="subtle"
            color="red"
            size="xs"
            onClick={onDelete}
            aria-label={t("deleteNamed", { name: program.name })}
            data-testid="delete-program"
          >
            {t("delete.action")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
