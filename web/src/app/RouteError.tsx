/**
 * What a page shows when it fails to load or render. A page's code that is gone (a tab left open
 * across an update asks for files of the old build) is fetched again by reloading once.
 */
import { Alert, Button, Container, Stack, Text } from "@mantine/core";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useRouteError } from "react-router";

const RELOADED_KEY = "nadoo.reloadedForUpdate";

export function isStaleBuildError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically imported|preload/i.test(
    message,
  );
}

/** Reloads once for a stale build; a second failure in a row is shown instead of looping. */
export function reloadOnceForUpdate(): boolean {
  if (sessionStorage.getItem(RELOADED_KEY)) return false;
  sessionStorage.setItem(RELOADED_KEY, "1");
  window.location.reload();
  return true;
}

export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const stale = isStaleBuildError(error);
  useEffect(() => {
    if (stale) reloadOnceForUpdate();
    else sessionStorage.removeItem(RELOADED_KEY);
  }, [stale]);
  return (
    <Container size="sm" py="xl">
      <Alert color="red" title={t(stale ? "routeError.staleTitle" : "routeError.title")} role="alert">
        <Stack gap="sm">
          <Text>{t(stale ? "routeError.staleText" : "routeError.text")}</Text>
          <div>
            <Button variant="light" onClick={() => window.location.reload()}>
              {t("routeError.reload")}
            </Button>
          </div>
        </Stack>
      </Alert>
    </Container>
  );
}
