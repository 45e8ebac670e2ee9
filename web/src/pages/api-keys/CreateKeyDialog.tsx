/**
 * Creating an API key in two steps in one dialog: the form, then the secret, shown this once with a
 * copy button, a warning and how a program sends it. The secret lives only in this component's
 * state and is forgotten when the dialog closes.
 */
import {
  Alert,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ErrorAlert } from "../../components/QueryState";
import { authorizationHeader, earliestExpiryDay, expiryOfDay, usageExample } from "./model";

export const API_KEYS_KEY = ["apiKeys"] as const;

interface Created {
  name: string;
  secret: string;
}

function SecretStep({ created, onDone }: { created: Created; onDone: () => void }) {
  const { t } = useTranslation("apiKeys");
  return (
    <Stack>
      <Alert color="orange" title={t("secret.warningTitle")} role="alert">
        {t("secret.warning")}
      </Alert>
      <TextInput
        label={t("secret.label", { name: created.name })}
        value={created.secret}
        readOnly
        onFocus={(event) => event.currentTarget.select()}
        styles={{ input: { fontFamily: "monospace" } }}
        data-testid="api-key-secret"
      />
      <CopyButton value={created.secret}>
        {({ copied, copy }) => (
          <Button onClick={copy} color={copied ? "teal" : "blue"} variant={copied ? "light" : "filled"}>
            <span aria-live="polite">{copied ? t("secret.copied") : t("secret.copy")}</span>
          </Button>
        )}
      </CopyButton>
      <Stack gap={4}>
        <Title order={3} size="h5">
          {t("secret.usageTitle")}
        </Title>
        <Text size="sm">{t("secret.usage")}</Text>
        <Code block>{authorizationHeader(`${created.secret.slice(0, 10)}…`)}</Code>
        <Text size="sm">{t("secret.example")}</Text>
        <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
          {usageExample(`${created.secret.slice(0, 10)}…`, window.location.origin)}
        </Code>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onDone} data-testid="secret-done">
          {t("secret.done")}
        </Button>
      </Group>
    </Stack>
  );
}

function CreateForm({
  customerId,
  customerName,
  mayWiden,
  onCreated,
  onCancel,
}: {
  customerId: string;
  customerName: string;
  /** The user may create keys for other customers too, so "this customer only" is a choice. */
  mayWiden: boolean;
  onCreated: (created: Created) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation("apiKeys");
  const { t: common } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [day, setDay] = useState("");
  const [onlyThis, setOnlyThis] = useState(true);
  const [touched, setTouched] = useState(false);
  const minDay = earliestExpiryDay(new Date());
  const expiresAt = day ? expiryOfDay(day) : null;
  const nameError = touched && !name.trim() ? t("create.nameRequired") : null;
  const dayError = day && (!expiresAt || day < minDay) ? t("create.expiryInvalid") : null;
  const create = useMutation({
    // The answer holds a secret shown once: not kept in the cache after the dialog closes.
    gcTime: 0,
    mutationFn: () =>
      unwrap(
        api.POST("/api/os/api-keys", {
          body: {
            name: name.trim(),
            ...(expiresAt ? { expiresAt } : {}),
            ...(onlyThis ? { customerIds: [customerId] } : {}),
          },
        }),
      ),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: API_KEYS_KEY });
      onCreated({ name: result.apiKey.name, secret: result.secret });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!name.trim() || dayError) return;
    create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t("create.name")}
          description={t("create.nameDescription")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={100}
          required
          error={nameError}
          data-autofocus
          data-testid="api-key-name"
        />
        <TextInput
          type="date"
          label={t("create.expiry")}
          description={t("create.expiryDescription")}
          value={day}
          min={minDay}
          onChange={(event) => setDay(event.currentTarget.value)}
          error={dayError}
          data-testid="api-key-expiry"
        />
        {mayWiden && (
          <Checkbox
            label={t("create.onlyThisCustomer", { customer: customerName })}
            description={t("create.onlyThisCustomerDescription")}
            checked={onlyThis}
            onChange={(event) => setOnlyThis(event.currentTarget.checked)}
          />
        )}
        {create.error && <ErrorAlert error={create.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {common("actions.cancel")}
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="api-key-submit">
            {t("create.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CreateKeyDialog({
  opened,
  onClose,
  customerId,
  customerName,
  mayWiden,
}: {
  opened: boolean;
  onClose: () => void;
  customerId: string;
  customerName: string;
  mayWiden: boolean;
}) {
  const { t } = useTranslation("apiKeys");
  const [created, setCreated] = useState<Created | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? t("secret.title") : t("create.title")}
      size="lg"
      centered
      // Once the secret is shown, only the explicit button closes the dialog, never a stray click.
      closeOnClickOutside={!created}
      closeOnEscape={!created}
      withCloseButton={!created}
    >
      {created ? (
        <SecretStep created={created} onDone={close} />
      ) : (
        <CreateForm
          customerId={customerId}
          customerName={customerName}
          mayWiden={mayWiden}
          onCreated={setCreated}
          onCancel={close}
        />
      )}
    </Modal>
  );
}
