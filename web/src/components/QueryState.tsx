/**
 * Loading, error and empty states of a widget, so every page shows them the same way.
 */
import { Alert, Center, Loader, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

/** An API error in plain words, in the user's language. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" title={title ?? t("error.title")} role="alert">
      {errorMessage(error, t)}
    </Alert>
  );
}

/**
 * A sentence for the problem's code when the `common` texts have one (`problem.<code>`), else one
 * for its status. The server's own detail is English (API texts stay English, SPEC §0), so it is
 * only added, marked as the server's, when no sentence of ours says what went wrong.
 * `t` must be the `common` namespace's.
 */
export function errorMessage(
  error: unknown,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  if (!(error instanceof ApiError)) return t("error.unknown");
  if (error.status === 0) return t("error.network");
  if (error.status === 401) return t("error.signedOut");
  if (error.code && error.code !== "forbidden" && error.code !== "not_found") {
    const known = t(`problem.${error.code}`, { defaultValue: "" });
    if (known) return known;
  }
  if (error.status === 403) return t("error.forbidden");
  if (error.status === 404) return t("error.notFound");
  if (error.status === 429) return t("error.tooMany");
  if (error.status >= 500) return t("error.server");
  return `${t("error.title")}. ${t("error.detail", { detail: error.message })}`;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" aria-label={t("loading")} />
    </Center>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" ta="center" py="lg">
      {children}
    </Text>
  );
}

/** Renders `children(data)` once the query has data; loading and errors in between. */
export function QueryState<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean };
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  return <>{children(query.data as T)}</>;
}
