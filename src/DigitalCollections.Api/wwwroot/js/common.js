// Shared by every page: DOM building (text only, never HTML from data), the REST client, problem details
// shown next to their field, the chain banner, and formatting.

/** Builds an element. Children that are strings become text nodes, so user data is never parsed as HTML. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content with the given children. */
export function show(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

export function loading(container, text) {
  show(container, el("p", { class: "status", role: "status", "aria-busy": "true" }, text));
}

export const patterns = {
  tokenId: /^[1-9][0-9]{0,17}$/,
  address: /^0x[0-9a-fA-F]{40}$/,
  contentHash: /^0x[0-9a-fA-F]{64}$/,
};

// ---------------------------------------------------------------------------------------------------------
// REST client

/**
 * Calls the API on this origin. Resolves to { ok, status, data, problem, response }; never throws for an
 * HTTP or network failure. A 503 (chain unavailable or reset) also re-checks readiness, so the banner shows.
 */
export async function api(path, { method = "GET", body, headers = {}, json } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    checkReadiness();
    return { ok: false, status: 0, data: null, problem: unreachable() };
  }
  const data = await readJson(response);
  if (response.status === 503) checkReadiness();
  return {
    ok: response.ok,
    status: response.status,
    data: response.ok ? data : null,
    problem: response.ok ? null : asProblem(response.status, data),
    response,
  };
}

async function readJson(response) {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function unreachable() {
  return { status: 0, title: "The service cannot be reached.", detail: "Check your connection and try again.", errors: {} };
}

/** An RFC 9457 problem (or something in its place) with `errors` keyed by field name. */
export function asProblem(status, data) {
  const problem = data && typeof data === "object" ? { ...data } : {};
  problem.status = problem.status ?? status;
  problem.title = problem.title ?? `The request failed (${status}).`;
  problem.errors = problem.errors && typeof problem.errors === "object" ? problem.errors : {};
  problem.slug = typeof problem.type === "string" ? problem.type.split(":").pop() : "";
  return problem;
}

/** A plain sentence for a problem. */
export function problemText(problem) {
  if (!problem) return "";
  return problem.detail && problem.detail !== problem.title ? `${problem.title} ${problem.detail}` : problem.title;
}

/** The standard not-found / unavailable / other notice for a failed read. */
export function problemNotice(problem, { notFoundTitle } = {}) {
  if (problem.status === 404) {
    return el("div", { class: "notice error", role: "alert", "data-state": "not-found" },
      el("h2", {}, notFoundTitle ?? "Not found"), el("p", {}, problem.detail ?? problem.title));
  }
  if (problem.status === 503 || problem.status === 0) {
    return el("div", { class: "notice warning", role: "alert", "data-state": "unavailable" },
      el("h2", {}, "Not available right now"), el("p", {}, problemText(problem)));
  }
  return el("div", { class: "notice error", role: "alert", "data-state": "error" },
    el("h2", {}, problem.status === 400 ? "That is not valid" : "Something went wrong"), el("p", {}, problemText(problem)));
}

/** A random Idempotency-Key, so a retried write is never sent twice. */
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---------------------------------------------------------------------------------------------------------
// Field errors: each input has <p class="field-error" data-error-for="NAME" id="…" hidden> after it.

export function clearErrors(form) {
  for (const p of form.querySelectorAll("[data-error-for]")) {
    p.hidden = true;
    p.textContent = "";
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  for (const zone of form.querySelectorAll(".dropzone.invalid")) zone.classList.remove("invalid");
  const summary = form.querySelector(".form-error");
  if (summary) {
    summary.hidden = true;
    summary.textContent = "";
  }
}

/**
 * Shows each message next to its field (the problem's `errors`, keyed by field name). Fields the form does
 * not have go to the form's summary. `aliases` maps API field names to this form's (e.g. royaltyBps → royalty).
 * Focuses the first field in error. Returns true when anything was shown.
 */
export function showErrors(form, errors, { aliases = {}, summaryText } = {}) {
  let first = null;
  const leftovers = [];
  for (const [apiField, messages] of Object.entries(errors ?? {})) {
    const field = aliases[apiField] ?? apiField;
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    const text = [].concat(messages).join(" ");
    if (!slot) {
      leftovers.push(text);
      continue;
    }
    slot.textContent = text;
    slot.hidden = false;
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.closest(".dropzone")?.classList.add("invalid");
      first ??= input;
    }
  }
  if (summaryText) leftovers.unshift(summaryText);
  const summary = form.querySelector(".form-error");
  if (leftovers.length && summary) {
    summary.textContent = leftovers.join(" ");
    summary.hidden = false;
    summary.focus?.();
  }
  first?.focus();
  return first !== null || leftovers.length > 0;
}

/** A problem answer shown on a form: its field errors next to the fields, or its text in the summary. */
export function showProblem(form, problem, options = {}) {
  const errors = { ...problem.errors };
  if (Object.keys(errors).length === 0) {
    const field = problem.field ?? null;
    if (field) errors[field] = [problem.detail ?? problem.title];
    else return showErrors(form, {}, { ...options, summaryText: problemText(problem) });
  }
  return showErrors(form, errors, options);
}

// ---------------------------------------------------------------------------------------------------------
// The chain banner: GET /health/ready answers 503 when the chain is unreachable, another chain, or reset.

let readinessTimer = null;
let readinessInFlight = null;

export function checkReadiness() {
  readinessInFlight ??= (async () => {
    try {
      const response = await fetch("/health/ready", { headers: { Accept: "application/json" }, cache: "no-store" });
      const body = await readJson(response);
      if (response.ok) hideBanner();
      else showBanner(describeUnready(body));
    } catch {
      showBanner("The service itself cannot be reached.");
    } finally {
      readinessInFlight = null;
      schedule();
    }
  })();
  return readinessInFlight;
}

function schedule() {
  clearTimeout(readinessTimer);
  const banner = document.getElementById("chain-banner");
  // Unready: look again soon, so the banner goes once the chain is back. Ready: now and then.
  readinessTimer = setTimeout(checkReadiness, banner && !banner.hidden ? 5000 : 30000);
}

function describeUnready(body) {
  const failing = (body?.checks ?? []).filter((c) => c.status !== "healthy").map((c) => c.description).filter(Boolean);
  const text = failing.length ? failing.join(" ") : "The service reports that it is not ready.";
  return text.replace(/\.{2,}/g, ".");
}

function showBanner(reason) {
  const banner = document.getElementById("chain-banner");
  if (!banner) return;
  show(banner, el("div", { class: "inner" },
    el("strong", {}, "The blockchain is not available right now."),
    "Registrations, transfers and checks may fail or be out of date until it is back. ",
    el("span", { class: "reason" }, reason)));
  banner.hidden = false;
}

function hideBanner() {
  const banner = document.getElementById("chain-banner");
  if (banner && !banner.hidden) {
    banner.hidden = true;
    banner.replaceChildren();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

export function formatTime(iso) {
  if (!iso) return el("span", {}, "—");
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
  return el("time", { datetime: iso, title: iso }, text);
}

export function addressLink(address) {
  if (!address) return el("span", {}, "—");
  return el("a", { class: "mono", href: `/accounts/${encodeURIComponent(address)}` }, address);
}

export function workLink(tokenId, text) {
  return el("a", { href: `/works/${encodeURIComponent(tokenId)}` }, text ?? `Work #${tokenId}`);
}

export function mono(text) {
  return el("span", { class: "mono" }, text ?? "—");
}

export function unconfirmedBadge() {
  return el("span", { class: "badge unconfirmed", title: "Newer than the confirmation depth: it may still change." },
    "Not yet confirmed");
}

export function royaltyText(bps) {
  if (!bps) return "None";
  return `${(bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })}% (${bps} basis points), paid to the creator`;
}

export function sizeText(bytes) {
  if (bytes === null || bytes === undefined) return "";
  const units = ["bytes", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A "Copy" button for a value; says "Copied" in a live region. */
export function copyButton(value, label) {
  const status = el("span", { class: "visually-hidden", role: "status" });
  const button = el("button", { type: "button", class: "secondary small", "aria-label": label }, "Copy");
  button.addEventListener("click", async () => {
    let done = false;
    try {
      await navigator.clipboard.writeText(value);
      done = true;
    } catch {
      done = copyFallback(value);
    }
    button.textContent = done ? "Copied" : "Copy failed";
    status.textContent = done ? "Copied to the clipboard." : "Could not copy: select the text and copy it.";
    setTimeout(() => (button.textContent = "Copy"), 2000);
  });
  return el("span", {}, button, status);
}

function copyFallback(value) {
  const area = el("textarea", { class: "visually-hidden", "aria-hidden": "true" });
  area.value = value;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** Every page: start watching readiness. */
/**
 * Makes `zone` accept dropped files (calls `onFiles` with the FileList) and stops a drop next to it from
 * opening the file in the tab.
 */
export function enableDropzone(zone, onFiles) {
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    });
  }
  for (const type of ["dragleave", "dragend"]) zone.addEventListener(type, () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer?.files?.length) onFiles(event.dataTransfer.files);
  });
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => event.preventDefault());
}

export function initPage() {
  checkReadiness();
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") checkReadiness();
  });
}
