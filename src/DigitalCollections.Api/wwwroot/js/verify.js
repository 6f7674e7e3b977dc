// The verify page (/): hash a file in the browser and look the hash up; search by token id, hash or address. A
// dropped file is also compared with the registered works by its ISCC code (./resemblance.js), still in the browser.
import {
  enableDropzone,
  api, el, show, loading, patterns, initPage, clearErrors, showErrors, showProblem, problemNotice,
  formatTime, addressLink, workLink, mono, unconfirmedBadge, copyButton,
} from "./common.js";
import { showResemblance } from "./resemblance.js";

const verifyForm = document.getElementById("verify-form");
const fileInput = document.getElementById("verify-file");
const dropzone = document.getElementById("dropzone");
const chosen = document.getElementById("verify-chosen");
const result = document.getElementById("result");
const searchForm = document.getElementById("search-form");
const searchInput = document.getElementById("search-q");

initPage();

fileInput.addEventListener("change", () => {
  if (fileInput.files.length) verifyFile(fileInput.files[0]);
});

enableDropzone(dropzone, (files) => verifyFile(files[0]));

/** SHA-256 of the file's bytes, as 0x + 64 hex digits: the same as sha256sum and the contract's content hash. */
async function sha256(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return "0x" + Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function verifyFile(file) {
  clearErrors(verifyForm);
  chosen.textContent = `${file.name}`;
  if (!globalThis.crypto?.subtle) {
    showErrors(verifyForm, {
      file: "This browser can only hash files on a secure page (https or localhost). Run sha256sum on the file and search for its hash below.",
    });
    return;
  }
  loading(result, `Hashing ${file.name}…`);
  let hash, bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
    hash = await sha256(bytes);
  } catch (error) {
    result.replaceChildren();
    showErrors(verifyForm, { file: `The file could not be read: ${error?.message ?? error}` });
    return;
  }
  const v = await lookUpHash(hash, file.name);
  if (!v) return;
  // Below the exact answer: works that resemble the file (other than the one it exactly is).
  const resemblance = el("div", { id: "resemblance" });
  result.append(resemblance);
  await showResemblance(resemblance, file, { exactTokenId: v.registered ? v.tokenId : null, bytes });
}

/** Shows the exact answer for a hash; resolves to the verification, or null when the lookup failed. */
async function lookUpHash(hash, fileName) {
  loading(result, "Checking the chain…");
  const answer = await api(`/api/v1/verifications/${hash}`);
  if (!answer.ok) {
    show(result, problemNotice(answer.problem));
    return null;
  }
  showVerification(answer.data, fileName);
  return answer.data;
}

/** Shows the answer, then adds the work's title (stored by the service, not on the chain) when there is one. */
async function showVerification(v, fileName) {
  show(result, renderVerification(v, fileName));
  if (!v.registered) return;
  const work = await api(`/api/v1/works/${v.tokenId}`);
  const slot = result.querySelector("[data-field=title]");
  if (work.ok && work.data.title && slot) {
    slot.replaceChildren(workLink(v.tokenId, work.data.title));
    slot.parentElement.hidden = false;
  }
}

function renderVerification(v, fileName) {
  const subject = fileName ? `“${fileName}”` : "This content hash";
  if (!v.registered) {
    return el("article", { class: "card result not-registered", "data-state": "not-registered", "aria-labelledby": "verdict" },
      el("h2", { class: "verdict", id: "verdict" }, el("span", { "aria-hidden": "true" }, "✗"), "Not registered"),
      el("p", {}, `${subject} is not registered on this chain. No registered work has exactly these bytes: `,
        "even one changed byte gives a different fingerprint."),
      el("dl", { class: "facts" }, el("dt", {}, "SHA-256"), el("dd", {}, mono(v.contentHash))));
  }
  const unconfirmed = v.confirmed === false;
  return el("article", { class: "card result registered", "data-state": "registered", "aria-labelledby": "verdict" },
    el("h2", { class: "verdict", id: "verdict" }, el("span", { "aria-hidden": "true" }, "✓"), "Registered original",
      unconfirmed ? [" ", unconfirmedBadge()] : null),
    el("p", {}, `${subject} is exactly the registered work `, workLink(v.tokenId, `#${v.tokenId}`), "."),
    el("dl", { class: "facts" },
      el("div", { hidden: true }, el("dt", {}, "Title"), el("dd", { "data-field": "title" })),
      el("dt", {}, "Creator"), el("dd", { "data-field": "creator" }, addressLink(v.creator)),
      el("dt", {}, "Current owner"), el("dd", { "data-field": "owner" }, addressLink(v.owner)),
      el("dt", {}, "Registered"), el("dd", { "data-field": "registeredAt" }, formatTime(v.registeredAt)),
      el("dt", {}, "Transaction"), el("dd", { "data-field": "transactionHash" }, mono(v.transactionHash)),
      el("dt", {}, "SHA-256"), el("dd", { class: "copy-row" }, mono(v.contentHash), copyButton(v.contentHash, "Copy the content hash"))),
    v.edition ? editionSection(v.edition) : null,
    el("p", {}, el("a", { class: "button", href: `/works/${v.tokenId}` }, "Open the work and its provenance")));
}

/** An edition's tokens with their numbers and owners, a page at a time (the verification holds the first page). */
function editionSection(edition) {
  const size = edition.size.toLocaleString("en");
  const minted = edition.minted === null
    ? "The index has not reached this edition yet: its tokens are listed once it has."
    : `${edition.minted.toLocaleString("en")} of ${size} minted. The file is the same for every token; the work is No. 1.`;
  const body = el("tbody", {});
  const section = el("section", { class: "edition", "data-field": "edition", "aria-labelledby": "edition-heading" },
    el("h3", { id: "edition-heading" }, `An edition of ${size}`),
    el("p", { class: "hint", "data-field": "minted" }, minted),
    edition.tokens.length
      ? el("table", { class: "edition-tokens" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "No."), el("th", { scope: "col" }, "Token"), el("th", { scope: "col" }, "Owner"))),
        body)
      : null);
  appendTokens(section, body, edition, size);
  return section;
}

function appendTokens(section, body, page, size) {
  for (const t of page.tokens) {
    body.append(el("tr", { "data-number": String(t.number) },
      el("td", {}, `No. ${t.number.toLocaleString("en")} of ${size}`),
      el("td", {}, workLink(t.tokenId, `#${t.tokenId}`)),
      el("td", { "data-field": "tokenOwner" }, addressLink(t.owner))));
  }
  section.querySelector("button.more")?.remove();
  if (!page.next) return;
  const more = el("button", { type: "button", class: "secondary more" }, "Show more tokens");
  more.addEventListener("click", async () => {
    more.disabled = true;
    more.textContent = "Loading…";
    const answer = await api(page.next);
    if (!answer.ok) {
      more.replaceWith(problemNotice(answer.problem));
      return;
    }
    appendTokens(section, body, answer.data, size);
  });
  section.append(more);
}

searchForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(searchForm);
  const q = searchInput.value.trim();
  if (!q) {
    showErrors(searchForm, { q: "Enter a token id, a content hash or an address." });
    return;
  }
  if (/^#?[0-9]+$/.test(q)) {
    const id = q.replace(/^#/, "");
    if (!patterns.tokenId.test(id)) {
      showErrors(searchForm, { q: "Token ids start at 1." });
      return;
    }
    location.assign(`/works/${id}`);
    return;
  }
  const hex = /^[0-9a-fA-F]{64}$/.test(q) ? "0x" + q : q; // sha256sum prints no 0x
  if (patterns.contentHash.test(hex)) {
    chosen.textContent = "";
    loading(result, "Checking the chain…");
    const answer = await api(`/api/v1/verifications/${hex.toLowerCase()}`);
    if (!answer.ok) {
      result.replaceChildren();
      if (answer.status === 400) showProblem(searchForm, answer.problem, { aliases: { contentHash: "q" } });
      else show(result, problemNotice(answer.problem));
      return;
    }
    await showVerification(answer.data, null);
    return;
  }
  if (patterns.address.test(q)) {
    location.assign(`/accounts/${q}`);
    return;
  }
  showErrors(searchForm, {
    q: "That is not a token id, a content hash (0x and 64 hex digits) or an address (0x and 40 hex digits).",
  });
});
