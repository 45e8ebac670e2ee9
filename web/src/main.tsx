import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { startI18n } from "./i18n";
import { registerServiceWorker } from "./pwa";

const root = document.getElementById("root");
if (!root) throw new Error("The page has no #root element.");
startI18n().then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  registerServiceWorker();
});
