// The sign-in pages' behaviour: WebAuthn ceremonies through @simplewebauthn/browser (loaded before
// this file as window.SimpleWebAuthnBrowser) against /api/auth. Plain JavaScript, no build step.

(() => {
  const webauthn = window.SimpleWebAuthnBrowser;
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const text = (key, values = {}) =>
    (data.messages[key] ?? key).replace(/\{(\w+)\}/g, (match, name) => values[name] ?? match);
  const status = document.getElementById("status");

  function show(message, kind = "info") {
    status.dataset.kind = kind;
    status.textContent = message;
  }

  class ApiError extends Error {
    constructor(status, problem, retryAfter) {
      super(problem?.detail ?? `HTTP ${status}`);
      this.status = status;
      this.code = problem?.code;
      this.retryAfter = retryAfter;
    }
  }

  async function post(path, body, csrfToken) {
    const headers = { "content-type": "application/json" };
    if (csrfToken) headers["x-csrf-token"] = csrfToken;
    const response = await fetch(path, {
      method: "POST",
      headers,
      body: JSON.stringify(body ?? {}),
      credentials: "same-origin",
    });
    if (response.status === 204) return null;
    const json = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, json, response.headers.get("retry-after"));
    return json;
  }

  /** A failure in the person's language: API problems by code, browser refusals by name. */
  function explain(error) {
    if (error instanceof ApiError) {
      const minutes = String(Math.max(1, Math.ceil(Number(error.retryAfter ?? 60) / 60)));
      const key = `error.${error.code}`;
      return key in data.messages ? text(key, { minutes }) : text("error.generic");
    }
    if (error?.name === "NotAllowedError" || error?.name === "AbortError") return text("error.cancelled");
    if (error?.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return text("error.conflict");
    return text("error.generic");
  }

  function busy(buttons, isBusy) {
    for (const button of buttons) if (button) button.disabled = isBusy;
  }

  function goTo(path) {
    window.location.assign(path);
  }

  async function signIn(userCode, useBrowserAutofill) {
    const body = userCode ? { userCode } : {};
    const optionsJSON = await post("/api/auth/authentication/options", body);
    const response = await webauthn.startAuthentication({ optionsJSON, useBrowserAutofill });
    await post("/api/auth/authentication/verify", { response });
    show(text("login.success"));
    goTo(data.next);
  }

  function loginPage() {
    const form = document.getElementById("login-form");
    const input = document.getElementById("user-code");
    const buttons = [document.getElementById("login-submit"), document.getElementById("passkey-login")];
    if (data.notice) show(text(data.notice));
    if (!webauthn.browserSupportsWebAuthn()) {
      show(text("error.unsupported"), "error");
      busy(buttons, true);
      return;
    }
    const run = async (userCode) => {
      busy(buttons, true);
      show(text("login.waiting"));
      try {
        await signIn(userCode, false);
      } catch (error) {
        show(explain(error), "error");
        busy(buttons, false);
      }
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const userCode = input.value.trim();
      if (!userCode) {
        input.focus();
        show(text("error.validation_failed"), "error");
        return;
      }
      run(userCode);
    });
    document.getElementById("passkey-login").addEventListener("click", () => run(undefined));
    // Conditional UI: passkeys offered in the user-code field's autofill. Starting another ceremony
    // aborts this one, which is expected and not shown.
    webauthn.browserSupportsWebAuthnAutofill().then((supported) => {
      if (!supported) return;
      signIn(undefined, true).catch((error) => {
        if (error?.name !== "AbortError" && error?.code !== "ERROR_CEREMONY_ABORTED")
          show(explain(error), "error");
      });
    });
  }

  function enrolPage() {
    const form = document.getElementById("enrol-form");
    const button = document.getElementById("enrol-submit");
    if (!webauthn.browserSupportsWebAuthn()) {
      show(text("error.unsupported"), "error");
      button.disabled = true;
      return;
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      busy([button], true);
      show(text("enrol.waiting"));
      try {
        const enrolmentToken = data.enrolmentToken;
        const optionsJSON = await post("/api/auth/registration/options", { enrolmentToken });
        const response = await webauthn.startRegistration({ optionsJSON });
        const name = document.getElementById("passkey-name").value.trim();
        await post("/api/auth/registration/verify", { enrolmentToken, response, ...(name ? { name } : {}) });
        show(text("enrol.success"));
        goTo(data.next);
      } catch (error) {
        show(explain(error), "error");
        busy([button], false);
      }
    });
  }

  function signedInPage() {
    const buttons = [document.getElementById("logout"), document.getElementById("logout-all")];
    const logout = async (path) => {
      busy(buttons, true);
      try {
        await post(path, {}, data.csrfToken);
        goTo("/login?signedOut=1");
      } catch (error) {
        show(explain(error), "error");
        busy(buttons, false);
      }
    };
    buttons[0].addEventListener("click", () => logout("/api/auth/logout"));
    buttons[1].addEventListener("click", () => logout("/api/auth/logout-all"));
  }

  if (data.page === "login") loginPage();
  else if (data.page === "enrol") enrolPage();
  else signedInPage();
})();
