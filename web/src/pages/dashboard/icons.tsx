/**
 * The few line icons of the dashboard's cards, drawn inline (the app has no icon package). They are
 * decoration: hidden from assistive technology, the card's heading says what it is.
 */
import type { ReactNode } from "react";

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export function ClockIcon() {
  return (
    <Icon>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 3" />
    </Icon>
  );
}

export function ActivityIcon() {
  return (
    <Icon>
      <path d="M3 12h4l3 8 4-16 3 8h4" />
    </Icon>
  );
}

export function CoinsIcon() {
  return (
    <Icon>
      <path d="M17.2 7a6 7 0 1 0 0 10" />
      <path d="M13 10H5m0 4h8" />
    </Icon>
  );
}

export function WalletIcon() {
  return (
    <Icon>
      <path d="M17 8V5a1 1 0 0 0-1-1H6a2 2 0 0 0 0 4h12a1 1 0 0 1 1 1v3m0 4v3a1 1 0 0 1-1 1H6a2 2 0 0 1-2-2V6" />
      <path d="M20 12v4h-4a2 2 0 0 1 0-4h4" />
    </Icon>
  );
}

export function EmptyChartIcon() {
  return (
    <svg
      width="48"
      height="48"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M3 3v18h18" />
      <path d="M7 16v-2m4 2v-5m4 5v-3m4 3V9" />
    </svg>
  );
}
