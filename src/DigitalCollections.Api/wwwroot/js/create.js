// The create page (/create): a custodial account's API key, uploading a work (with upload progress and the
// mint followed until it is confirmed), and transferring a work the account owns.
import {
  enableDropzone,
  api, el, show, patterns, initPage, clearErrors, showErrors, showProblem, problemText, asProblem,
  newIdempotencyKey, addressLink, mono, copyButton, workLink, formatTime,
} from "./common.js";

const keyForm = document.getElementById("key-form");
const keyInput = document.getElementById("api-key");
const keyAccount = document.getElementById("key-account");
const accountForm = document.getElementById("account-form");
const accountCreated = document.getElementById("account-created");
const registerForm = document.getElementById("register-form");
const registerProgress = document.getElementById("register-progress");
const fileInput = document.getElementById("work-file");
const fileChosen = document.getElementById("work-file-chosen");
const dropzone = document.getElementById("work-dropzone");
const transferForm = document.getElementById("transfer-form");
const transferProgress = document.getElementById("transfer-progress");
const ownedWorks = document.getElementById("owned-works");

// The key lives in this tab only (sessionStorage): gone when the tab closes, never sent anywhere but here.
const store = {
  get key() { return sessionStorage.getItem("dc.apiKey") ?? ""; },
  get address() { return sessionStorage.getItem("dc.address") ?? ""; },
  save(key, address) {
    if (key) sessionStorage.setItem("dc.apiKey", key); else sessionStorage.removeItem("dc.apiKey");
    if (address) sessionStorage.setItem("dc.address", address); else sessionStorage.removeItem("dc.address");
  },
};

initPage();
keyInput.value = store.key;
describeAccount();
const requested = new URLSearchParams(location.search).get("tokenId");
if (requested && patterns.tokenId.test(requested)) document.getElementById("transfer-token").value = requested;

keyForm.addEventListener("submit", (event) => event.preventDefault());
keyInput.addEventListener("change", () => {
  const key = keyInput.value.trim();
  // A key typed by hand: its address is not known here until the account is created in this tab.
  store.save(key, key === store.key ? store.address : "");
  clearErrors(keyForm);
  describeAccount();
});

function currentKey() {
  const key = keyInput.value.trim();
  if (!key) {
    showErrors(keyForm, { apiKey: "Enter your API key first, or create an account below." });
    return null;
  }
  return key;
}

function describeAccount() {
  const address = store.address;
  if (address && store.key && keyInput.value.trim() === store.key) {
    show(keyAccount, "Signed in as ", addressLink(address), ".");
    loadOwned(address);
  } else {
    keyAccount.replaceChildren();
    ownedWorks.replaceChildren();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Create a custodial account

accountForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(accountForm);
  const name = accountForm.elements.name.value.trim();
  if (!name) {
    showErrors(accountForm, { name: "Enter a name for the account (1 to 100 characters)." });
    return;
  }
  const button = accountForm.querySelector("button");
  button.disabled = true;
  const answer = await api("/api/v1/accounts", { method: "POST", json: { name } });
  button.disabled = false;
  if (!answer.ok) {
    showProblem(accountForm, answer.problem);
    return;
  }
  const account = answer.data;
  keyInput.value = account.apiKey;
  store.save(account.apiKey, account.address);
  clearErrors(keyForm);
  describeAccount();
  show(accountCreated, el("div", { class: "notice success", "data-state": "account-created" },
    el("h3", {}, `Account created for ${account.name}`),
    el("p", {}, "Address: ", addressLink(account.address)),
    el("p", {}, "API key:"),
    el("p", { class: "copy-row" }, el("code", { class: "mono secret", id: "new-api-key" }, account.apiKey), copyButton(account.apiKey, "Copy the API key")),
    el("p", {}, el("strong", {}, "Copy this key now and keep it safe: it is shown only once. "),
      "The service keeps only its hash and cannot show it again. Anyone with the key can register and transfer works as this account. ",
      "It is filled in above for this tab.")));
});

// ---------------------------------------------------------------------------------------------------------
// Upload a work

fileInput.addEventListener("change", () => {
  fileChosen.textContent = fileInput.files[0]?.name ?? "";
});
enableDropzone(dropzone, (files) => {
  fileInput.files = files;
  fileInput.dispatchEvent(new Event("change"));
});

registerForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(keyForm);
  clearErrors(registerForm);
  const key = currentKey();
  const file = fileInput.files[0];
  const title = registerForm.elements.title.value.trim();
  const description = registerForm.elements.description.value;
  const royaltyText = registerForm.elements.royalty.value.trim();
  const royalty = royaltyText === "" ? 0 : Number(royaltyText);

  const errors = {};
  if (!file) errors.file = "Choose the file to register.";
  else if (file.size === 0) errors.file = "The file is empty.";
  if (!title) errors.title = "Give the work a title (1 to 200 characters).";
  else if (title.length > 200) errors.title = "The title is longer than 200 characters.";
  if (description.length > 5000) errors.description = "The description is longer than 5000 characters.";
  if (!Number.isFinite(royalty) || royalty < 0 || royalty > 10 || Math.abs(royalty * 100 - Math.round(royalty * 100)) > 1e-9) {
    errors.royalty = "The royalty must be between 0 and 10%, in steps of 0.01%.";
  }
  if (Object.keys(errors).length) {
    showErrors(registerForm, errors);
    return;
  }
  if (!key) return;

  const form = new FormData();
  form.append("file", file, file.name);
  form.append("title", title);
  if (description.trim()) form.append("description", description);
  form.append("royaltyBps", String(Math.round(royalty * 100)));

  const button = registerForm.querySelector("button[type=submit]");
  button.disabled = true;
  const view = progressView(registerProgress, `Registering “${title}”`,
    ["Upload the file", "Recorded for the chain", "Sent to the chain", "Confirmed on the chain"]);
  try {
    const answer = await upload("/api/v1/works", form, key, (fraction) => view.uploading(fraction));
    view.step(1);
    if (answer.status === 201) {
      view.done(`Registered as work #${answer.data.tokenId}. Opening it…`);
      location.assign(`/works/${answer.data.tokenId}`);
      return;
    }
    if (answer.status === 202) {
      const tx = await follow(answer.location ?? `/api/v1/transactions/${answer.data.id}`, view);
      if (tx) {
        view.done(`Registered as work #${tx.tokenId}. Opening it…`);
        location.assign(`/works/${tx.tokenId}`);
      }
      return;
    }
    view.clear();
    showWriteProblem(registerForm, answer.problem, { royaltyBps: "royalty" });
  } finally {
    button.disabled = false;
  }
});

/** POST a multipart form with upload progress (fetch cannot report it): resolves to { status, data, problem, location }. */
function upload(url, form, key, onProgress) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Authorization", `Bearer ${key}`);
    xhr.setRequestHeader("Prefer", "respond-async");
    xhr.setRequestHeader("Idempotency-Key", newIdempotencyKey());
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.upload.addEventListener("load", () => onProgress(1));
    xhr.addEventListener("load", () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      const ok = xhr.status >= 200 && xhr.status < 300;
      resolve({ status: xhr.status, data: ok ? data : null, problem: ok ? null : asProblem(xhr.status, data), location: xhr.getResponseHeader("Location") });
    });
    const failed = () => resolve({ status: 0, data: null, problem: asProblem(0, { title: "The upload did not reach the service.", detail: "Check your connection and try again." }) });
    xhr.addEventListener("error", failed);
    xhr.addEventListener("abort", failed);
    xhr.send(form);
  });
}

/** Polls GET /api/v1/transactions/{id} until confirmed (returns it) or failed (shows why, returns null). */
async function follow(location, view, { timeoutMs = 180000 } = {}) {
  const started = Date.now();
  let delay = 300;
  while (Date.now() - started < timeoutMs) {
    const answer = await api(location);
    if (answer.ok) {
      const tx = answer.data;
      if (tx.transactionHash) view.transaction(tx.transactionHash);
      if (tx.state === "queued") view.step(1);
      else if (tx.state === "sent") view.step(2);
      else if (tx.state === "confirmed") {
        view.step(4);
        return tx;
      } else if (tx.state === "failed") {
        view.fail(`The chain refused it: ${tx.failure?.reason || tx.failure?.code || "no reason given"}.`);
        return null;
      }
    } else if (answer.status !== 503 && answer.status !== 0) {
      view.fail(problemText(answer.problem));
      return null;
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 1.5, 2000);
  }
  view.fail("This is taking longer than expected. The transaction is still recorded; look at the work later.");
  return null;
}

/** The progress panel of one write: a progress bar for the upload, then the steps to confirmation. */
function progressView(container, heading, steps) {
  const bar = el("progress", { max: "100", value: "0", id: `${container.id}-bar`, "aria-label": "Upload progress" });
  const label = el("p", { class: "status", role: "status", "aria-busy": "true" }, "Starting…");
  const items = steps.map((s) => el("li", {}, s));
  const txLine = el("p", { class: "hint", hidden: true });
  const panel = el("div", { class: "notice", "data-state": "working" },
    el("h3", {}, heading), label, bar, el("ol", { class: "steps", "aria-label": "Progress" }, items), txLine);
  show(container, panel);
  const mark = (current) => items.forEach((item, i) => {
    item.classList.toggle("done", i < current);
    item.classList.toggle("current", i === current);
    if (i === current) item.setAttribute("aria-current", "step"); else item.removeAttribute("aria-current");
  });
  mark(0);
  const texts = ["Uploading…", "Recorded; waiting for a relayer to send it…", "Sent; waiting for the chain to confirm it…", "Confirmed."];
  return {
    uploading(fraction) {
      const percent = Math.round(fraction * 100);
      bar.value = percent;
      label.textContent = `Uploading… ${percent}%`;
    },
    step(n) {
      bar.value = 100;
      mark(n);
      label.textContent = texts[Math.min(n, texts.length - 1)];
      panel.dataset.state = n >= steps.length ? "confirmed" : "working";
    },
    transaction(hash) {
      show(txLine, "Transaction ", mono(hash));
      txLine.hidden = false;
    },
    done(text) {
      mark(steps.length);
      label.removeAttribute("aria-busy");
      label.textContent = text;
      panel.className = "notice success";
      panel.dataset.state = "confirmed";
    },
    fail(text) {
      label.removeAttribute("aria-busy");
      label.textContent = text;
      panel.className = "notice error";
      panel.dataset.state = "failed";
      panel.setAttribute("role", "alert");
    },
    clear() {
      container.replaceChildren();
    },
  };
}

/** A refused write: each message next to its field; a bad API key next to the key; the rest above the form. */
function showWriteProblem(form, problem, aliases) {
  if (problem.status === 401 || problem.slug === "invalid-api-key") {
    showErrors(keyForm, { apiKey: problem.detail ?? problem.title });
    return;
  }
  if (problem.slug === "duplicate-work" && problem.tokenId) {
    showErrors(form, { file: problem.detail ?? problem.title }, { aliases });
    form.querySelector('[data-error-for="file"]').append(" ", workLink(problem.tokenId, `Open work #${problem.tokenId}`));
    return;
  }
  showProblem(form, problem, { aliases });
}

// ---------------------------------------------------------------------------------------------------------
// Transfer a work

transferForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(keyForm);
  clearErrors(transferForm);
  const key = currentKey();
  const tokenId = transferForm.elements.tokenId.value.trim().replace(/^#/, "");
  const to = transferForm.elements.to.value.trim();
  const errors = {};
  if (!patterns.tokenId.test(tokenId)) errors.tokenId = "Enter the token id of a work this account owns (a whole number from 1).";
  if (!to) errors.to = "Enter the new owner's address.";
  else if (!patterns.address.test(to)) errors.to = "An address is 0x followed by 40 hex digits.";
  if (Object.keys(errors).length) {
    showErrors(transferForm, errors);
    return;
  }
  if (!key) return;

  const button = transferForm.querySelector("button[type=submit]");
  button.disabled = true;
  const view = progressView(transferProgress, `Transferring work #${tokenId}`,
    ["Send the request", "Recorded for the chain", "Sent to the chain", "Confirmed on the chain"]);
  view.uploading(0);
  try {
    const answer = await api(`/api/v1/works/${tokenId}/transfers`, {
      method: "POST",
      json: { to },
      headers: { Authorization: `Bearer ${key}`, Prefer: "respond-async", "Idempotency-Key": newIdempotencyKey() },
    });
    if (answer.status === 201 || answer.status === 202) {
      view.step(1);
      const tx = answer.status === 201 ? { tokenId } : await follow(answer.response.headers.get("Location") ?? `/api/v1/transactions/${answer.data.id}`, view);
      if (tx) {
        view.done(`Work #${tokenId} now belongs to ${to}. Opening it…`);
        location.assign(`/works/${tokenId}`);
      }
      return;
    }
    view.clear();
    const problem = answer.problem;
    // Not the owner, or no such token: the token id is what to change.
    if (problem.slug === "not-owner" || (problem.status === 404 && problem.slug === "work-not-found")) {
      showErrors(transferForm, { tokenId: problem.detail ?? problem.title });
      return;
    }
    showWriteProblem(transferForm, problem, {});
  } finally {
    button.disabled = false;
  }
});

async function loadOwned(address) {
  const answer = await api(`/api/v1/accounts/${address}/works?relation=owned&limit=50`);
  if (!answer.ok || !answer.data.items.length) {
    ownedWorks.replaceChildren();
    return;
  }
  show(ownedWorks, el("h3", {}, "Works this account owns"),
    el("ul", { class: "work-list" }, answer.data.items.map((w) => el("li", {},
      el("div", { class: "title" }, workLink(w.tokenId, w.title ?? `Work #${w.tokenId}`), " ", el("span", { class: "hint" }, `#${w.tokenId}`)),
      el("div", { class: "meta" }, "Registered ", formatTime(w.registeredAt), " ",
        el("button", {
          type: "button", class: "secondary small", "aria-label": `Transfer work #${w.tokenId}`,
          onclick: () => {
            transferForm.elements.tokenId.value = String(w.tokenId);
            transferForm.elements.to.focus();
          },
        }, "Transfer"))))));
}
