/**
 * Registers the service worker (`public/sw.js`), which caches only the app's shell, never API
 * responses. Not in development, where Vite serves changing files.
 */
export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !("serviceWorker" in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register("/os/sw.js", { scope: "/os/" }).catch(() => {
      // Without it the app works as before, only not offline.
    });
  };
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
