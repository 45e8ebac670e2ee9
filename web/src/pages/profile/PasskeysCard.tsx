/**
 * My passkeys: list, add another (the WebAuthn ceremony through @simplewebauthn/browser), rename,
 * remove. The last one cannot be removed: the card says so before anyone tries, and a refusal that
 * still comes (another tab removed one) is explained in the same words.
 */
import { Alert, Badge, Button, Card, Group, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { type PublicKeyCredentialCreationOptionsJSON, startRegistration } from "@simplewebauthn/browser";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Empty, ErrorAlert, QueryState } from "../../components/QueryState";
import { formatDateTime, type Language } from "../../lib/format";
import { mayRemovePasskey, type Passkey, passkeyProblem } from "./model";

const PASSKEYS_KEY = ["auth", "passkeys"] as const;

/** The ceremony: options from the server, the browser's key, the answer back. */
async function addPasskey(name: string): Promise<Passkey> {
  const options = await unwrap(api.POST("/api/auth/passkeys/registration/options"));
  const response = await startRegistration({
    optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
  });
  const trimmed = name.trim();
  return unwrap(
    api.POST("/api/auth/passkeys/registration/verify", {
      body: {
        // The schema types the nested objects as plain records; the browser's objects are ones.
        response: {
          ...response,
          response: { ...response.response },
          clientExtensionResults: { ...response.clientExtensionResults },
        },
        ...(trimmed ? { name: trimmed } : {}),
      },
    }),
  );
}

function PasskeyError({ error }: { error: unknown }) {
  const { t } = useTranslation("profile");
  const { t: common } = useTranslation();
  const problem = passkeyProblem(error);
  if (problem === null) return <ErrorAlert error={error} />;
  return (
    <Alert color="red" title={common("error.title")} role="alert">
      {t(`passkeys.${problem}`)}
    </Alert>
  );
}

function AddDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("profile");
  const { t: common } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState("");
  const add = useMutation({
    mutationFn: () => addPasskey(name),
    onSuccess: (passkey) => {
      notifications.show({ color: "green", message: t("passkeys.added", { name: passkey.name }) });
      setName("");
      onClose();
    },
    onSettled: () => client.invalidateQueries({ queryKey: PASSKEYS_KEY }),
  });
  const close = () => {
    add.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Modal opened={opened} onClose={close} title={t("passkeys.addTitle")} centered>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm">{t("passkeys.addText")}</Text>
          <TextInput
            label={t("passkeys.name")}
            placeholder={t("passkeys.namePlaceholder")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={100}
            data-autofocus
            data-testid="new-passkey-name"
          />
          {add.error && <PasskeyError error={add.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {common("actions.cancel")}
            </Button>
            <Button type="submit" loading={add.isPending} data-testid="new-passkey-submit">
              {t("passkeys.addSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RenameDialog({ passkey, onClose }: { passkey: Passkey | null; onClose: () => void }) {
  const { t } = useTranslation("profile");
  const { t: common } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(passkey?.name ?? "");
  const [touched, setTouched] = useState(false);
  const rename = useMutation({
    mutationFn: (target: Passkey) =>
      unwrap(
        api.PATCH("/api/auth/passkeys/{id}", {
          params: { path: { id: target.id } },
          body: { name: name.trim() },
        }),
      ),
    onSuccess: (renamed) => {
      notifications.show({ color: "green", message: t("passkeys.renamed", { name: renamed.name }) });
      onClose();
    },
    onSettled: () => client.invalidateQueries({ queryKey: PASSKEYS_KEY }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (passkey && name.trim()) rename.mutate(passkey);
  };
  return (
    <Modal opened={passkey !== null} onClose={onClose} title={t("passkeys.renameTitle")} centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t("passkeys.name")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={100}
            required
            error={touched && !name.trim() ? t("passkeys.nameRequired") : null}
            data-autofocus
            data-testid="rename-passkey-name"
          />
          {rename.error && <ErrorAlert error={rename.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {common("actions.cancel")}
            </Button>
            <Button type="submit" loading={rename.isPending} data-testid="rename-passkey-submit">
              {common("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PasskeyRow({
  passkey,
  removable,
  onRename,
  onRemove,
}: {
  passkey: Passkey;
  removable: boolean;
  onRename: () => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation("profile");
  const language = i18n.language as Language;
  return (
    <Group
      justify="space-between"
      wrap="wrap"
      gap="xs"
      py="xs"
      style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}
      data-testid="passkey"
      data-passkey-name={passkey.name}
    >
      <Stack gap={2} style={{ flex: "1 1 14rem", minWidth: 0 }}>
        <Group gap="xs" wrap="wrap">
          <Text fw={500}>{passkey.name}</Text>
          <Badge size="sm" variant="light" color={passkey.backedUp ? "blue" : "gray"}>
            {passkey.backedUp ? t("passkeys.synced") : t("passkeys.deviceBound")}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t("passkeys.created", { date: formatDateTime(passkey.createdAt, language) })}
          {" · "}
          {passkey.lastUsedAt
            ? t("passkeys.lastUsed", { date: formatDateTime(passkey.lastUsedAt, language) })
            : t("passkeys.neverUsed")}
        </Text>
      </Stack>
      <Group gap="xs">
        <Button
          size="compact-sm"
          variant="default"
          onClick={onRename}
          aria-label={t("passkeys.renameLabel", { name: passkey.name })}
        >
          {t("passkeys.rename")}
        </Button>
        <Button
          size="compact-sm"
          variant="light"
          color="red"
          onClick={onRemove}
          disabled={!removable}
          aria-label={t("passkeys.removeLabel", { name: passkey.name })}
          aria-describedby={removable ? undefined : "last-passkey-hint"}
        >
          {t("passkeys.remove")}
        </Button>
      </Group>
    </Group>
  );
}

export function PasskeysCard() {
  const { t } = useTranslation("profile");
  const client = useQueryClient();
  const passkeys = useQuery({
    queryKey: PASSKEYS_KEY,
    queryFn: () => unwrap(api.GET("/api/auth/passkeys")),
  });
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<Passkey | null>(null);
  const [removing, setRemoving] = useState<Passkey | null>(null);
  const remove = useMutation({
    mutationFn: (target: Passkey) =>
      unwrap(api.DELETE("/api/auth/passkeys/{id}", { params: { path: { id: target.id } } })),
    onSuccess: (_, target) => {
      notifications.show({ color: "green", message: t("passkeys.removed", { name: target.name }) });
      setRemoving(null);
    },
    onSettled: () => client.invalidateQueries({ queryKey: PASSKEYS_KEY }),
  });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="passkeys-title">
      <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: "1 1 16rem" }}>
          <Title order={2} size="h4" id="passkeys-title">
            {t("passkeys.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("passkeys.description")}
          </Text>
        </Stack>
        <Button onClick={() => setAdding(true)} data-testid="add-passkey">
          {t("passkeys.add")}
        </Button>
      </Group>
      <QueryState query={passkeys}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t("passkeys.empty")}</Empty>
          ) : (
            <Stack gap={0}>
              {data.items.map((passkey) => (
                <PasskeyRow
                  key={passkey.id}
                  passkey={passkey}
                  removable={mayRemovePasskey(data.items.length)}
                  onRename={() => setRenaming(passkey)}
                  onRemove={() => {
                    remove.reset();
                    setRemoving(passkey);
                  }}
                />
              ))}
              {!mayRemovePasskey(data.items.length) && (
                <Text size="sm" c="dimmed" mt="xs" id="last-passkey-hint" data-testid="last-passkey-hint">
                  {t("passkeys.lastOne")}
                </Text>
              )}
            </Stack>
          )
        }
      </QueryState>
      <AddDialog opened={adding} onClose={() => setAdding(false)} />
      {/* Keyed so the name field starts from the chosen passkey's name. */}
      <RenameDialog key={renaming?.id ?? "none"} passkey={renaming} onClose={() => setRenaming(null)} />
      <ConfirmDialog
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title={t("passkeys.removeTitle")}
        confirmLabel={t("passkeys.remove")}
        onConfirm={() => removing && remove.mutate(removing)}
        pending={remove.isPending}
        error={remove.error}
        explain={(error) => {
          const problem = passkeyProblem(error);
          return problem === "lastOne" ? t("passkeys.lastOne") : null;
        }}
      >
        {t("passkeys.removeText", { name: removing?.name ?? "" })}
      </ConfirmDialog>
    </Card>
  );
}
