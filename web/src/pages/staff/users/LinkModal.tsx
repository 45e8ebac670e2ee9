import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { ErrorAlert } from "../../../components/QueryState";
import { EnrolmentLinkPanel } from "../../employees/EnrolmentLinkPanel";
import { type StaffUser, staffUserKey } from "./model";

/** Issues an enrolment link (replacing older unused ones, as it says first) and shows it once. */
export function LinkModal({
  opened,
  user,
  onClose,
}: {
  opened: boolean;
  user: StaffUser;
  onClose: () => void;
}) {
  const { t } = useTranslation("staffUsers");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const issue = useMutation({
    // The answer holds a secret shown once: not kept in the cache after the dialog closes.
    gcTime: 0,
    mutationFn: () =>
      unwrap(api.POST("/api/staff/users/{id}/enrolment-links", { params: { path: { id: user.id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffUserKey(user.id) }),
  });

  function close() {
    issue.reset();
    onClose();
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("link.title", { name: user.displayName })}
      size="lg"
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      {issue.data ? (
        <Stack>
          <EnrolmentLinkPanel link={issue.data} userCode={user.code} />
          <Group justify="flex-end">
            <Button onClick={close}>{common("actions.close")}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text>{t("link.explain")}</Text>
          {user.openEnrolmentLinkExpiresAt && <Text fw={500}>{t("link.replaces")}</Text>}
          {issue.error && <ErrorAlert error={issue.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {common("actions.cancel")}
            </Button>
            <Button onClick={() => issue.mutate()} loading={issue.isPending} data-testid="issue-link">
              {t("link.issue")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
