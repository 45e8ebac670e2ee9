import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Language } from "../../lib/format";
import { type Address, type AddressKind, addressLines } from "./address";

export function AddressCard({
  kind,
  address,
  language,
  mayEdit,
  onEdit,
  onRemove,
}: {
  kind: AddressKind;
  address: Address | null;
  language: Language;
  mayEdit: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation("customer");
  const titleId = `address-${kind}`;
  const title = t(`address.${kind}`);
  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-labelledby={titleId}
      data-testid={`address-${kind}`}
    >
      <Stack gap="sm" h="100%">
        <Title order={2} size="h4" id={titleId}>
          {title}
        </Title>
        {address ? (
          <Text component="address" fs="normal" style={{ overflowWrap: "anywhere" }}>
            {addressLines(address, language).map((line) => (
              <span key={line} style={{ display: "block" }}>
                {line}
              </span>
            ))}
          </Text>
        ) : (
          <Text c="dimmed">{t("address.none")}</Text>
        )}
        {mayEdit && (
          <Group gap="xs" mt="auto">
            <Button
              variant="light"
              onClick={onEdit}
              aria-label={t(address ? "address.editNamed" : "address.addNamed", { what: title })}
            >
              {address ? t("address.edit") : t("address.add")}
            </Button>
            {address && (
              <Button
                variant="subtle"
                color="red"
                onClick={onRemove}
                aria-label={t("address.removeNamed", { what: title })}
              >
                {t("address.remove")}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
