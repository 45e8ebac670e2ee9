/**
 * A question before something that cannot be undone (revoking, removing, ending). Focus starts on
 * "cancel", so pressing Enter by habit does no harm; a failure is shown inside the dialog.
 */
import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "./QueryState";

function DialogError({ error, explained }: { error: unknown; explained: string | null }) {
  const { t } = useTranslation();
  if (explained === null) return <ErrorAlert error={error} />;
  return (
    <Alert color="red" title={t("error.title")} role="alert">
      {explained}
    </Alert>
  );
}

export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  pending = false,
  error,
  explain,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending?: boolean;
  error?: unknown;
  /** A page's own words for an error, where the generic ones would say too little; null: generic. */
  explain?: (error: unknown) => string | null;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        {typeof children === "string" ? <Text>{children}</Text> : children}
        {error ? <DialogError error={error} explained={explain?.(error) ?? null} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t("actions.cancel")}
          </Button>
          <Button color="red" onClick={onConfirm} loading={pending} data-testid="confirm">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
