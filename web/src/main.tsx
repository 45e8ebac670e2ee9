import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { reloadOnceForUpdate } from "./app/RouteError";
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

// A page's code of an older build is gone after an update: load the current build once.
window.addEventListener("vite:preloadError", (event) => {
  if (reloadOnceForUpdate()) event.preventDefault();
});
