/**
 * A user code input: what is typed is shown in its normalised form once the field is left, and an
 * input that cannot be a code is named before anything is sent.
 */
import { TextInput } from "@mantine/core";
import { normaliseUserCode } from "./user-code";

export function UserCodeField({
  id,
  label,
  description,
  invalidMessage,
  requiredMessage,
  value,
  onChange,
  showError,
  onBlur,
  autoFocus = false,
}: {
  id: string;
  label: string;
  description?: string;
  invalidMessage: string;
  requiredMessage: string;
  value: string;
  onChange: (value: string) => void;
  /** Whether a problem may be shown yet (after leaving the field or submitting). */
  showError: boolean;
  onBlur: () => void;
  autoFocus?: boolean;
}) {
  const normalised = normaliseUserCode(value);
  return (
    <TextInput
      id={id}
      label={label}
      description={description}
      placeholder="K7QM-3XTD-9PWA"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      onBlur={() => {
        if (normalised) onChange(normalised);
        onBlur();
      }}
      error={showError && !normalised ? (value.trim() === "" ? requiredMessage : invalidMessage) : undefined}
      required
      autoComplete="off"
      autoCapitalize="characters"
      spellCheck={false}
      maxLength={50}
      data-autofocus={autoFocus || undefined}
      styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
    />
  );
}
