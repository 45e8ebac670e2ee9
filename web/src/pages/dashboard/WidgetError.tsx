import { Button, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/QueryState";

/** A widget that could not load: the reason in plain words and a way to ask again. */
export function WidgetError({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title: string;
  onRetry: () => unknown;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <ErrorAlert error={error} title={title} />
      <Button variant="light" size="xs" onClick={() => void onRetry()} style={{ alignSelf: "flex-start" }}>
        {t("actions.retry")}
      </Button>
    </Stack>
  );
}
