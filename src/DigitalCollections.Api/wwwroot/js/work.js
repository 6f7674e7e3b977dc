// The work page (/works/{tokenId}): preview, facts, copyable content hash, the provenance timeline, and the proof
// (download it, or check it in the browser: ./work-proof.js).
import {
  api, el, show, patterns, initPage, problemNotice, formatTime, addressLink, mono,
  unconfirmedBadge, royaltyText, sizeText, copyButton,
} from "./common.js";
import { proofSection } from "./work-proof.js";

const root = document.getElementById("work");
const tokenId = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] ?? "");

initPage();
load();

async function load() {
  if (!patterns.tokenId.test(tokenId)) {
    document.title = "Not a token id · DigitalCollections";
    show(root, el("h1", {}, "Work not found"),
      el("div", { class: "notice error", role: "alert", "data-state": "invalid" },
        el("p", {}, `“${tokenId}” is not a token id: token ids are whole numbers from 1.`),
        el("p", {}, el("a", { href: "/" }, "Search for a work"))));
    return;
  }
  const [work, provenance] = await Promise.all([
    api(`/api/v1/works/${tokenId}`),
    api(`/api/v1/works/${tokenId}/provenance`),
  ]);
  if (!work.ok) {
    document.title = `Work #${tokenId} · DigitalCollections`;
    show(root, el("h1", {}, work.problem.status === 404 ? "Work not found" : `Work #${tokenId}`),
      problemNotice(work.problem, { notFoundTitle: `There is no work #${tokenId}` }),
      el("p", {}, el("a", { href: "/" }, "Verify a file or search")));
    return;
  }
  const links = await linkedWorks(work.data);
  render(work.data, provenance, links);
}

// The works this one was linked to at registration, with their creators and times, for the "resembles" notes.
async function linkedWorks(w) {
  const ids = [...(w.similarTo ?? []), ...(w.variantOf ?? [])];
  const answers = await Promise.all(ids.map((id) => api(`/api/v1/works/${id}`)));
  return new Map(answers.filter((a) => a.ok).map((a) => [a.data.tokenId, a.data]));
}

function linkNotes(w, links) {
  const note = (id, text) => {
    const other = links.get(id);
    return el("li", { "data-linked": String(id) }, text, " ", el("a", { href: `/works/${id}` }, `work #${id}`),
      other ? [" by ", addressLink(other.creator), ", registered ", formatTime(other.registeredAt)] : null);
  };
  const items = [
    ...(w.similarTo ?? []).map((id) => note(id, "Resembles")),
    ...(w.variantOf ?? []).map((id) => note(id, "A variant by the same creator of")),
  ];
  return items.length
    ? el("div", { class: "notice", id: "work-links", "data-field": "links" },
      el("p", {}, "Registered knowing it resembles earlier works:"), el("ul", {}, items))
    : null;
}

function isccFacts(iscc) {
  if (!iscc) return null;
  const row = (label, field, value) => [el("dt", {}, label), el("dd", { "data-field": field }, value ? mono(value) : "—")];
  return [
    row("ISCC", "iscc", iscc.code),
    row(`Content-Code${iscc.contentKind ? ` (${iscc.contentKind})` : ""}`, "isccContent", iscc.content),
    iscc.contentReason ? [el("dt", {}, "Content-Code note"), el("dd", { class: "hint" }, iscc.contentReason)] : null,
    row("Data-Code", "isccData", iscc.data),
    row("Instance-Code", "isccInstance", iscc.instance),
    row("Meta-Code", "isccMeta", iscc.meta),
  ];
}

/** What the circulation rules allow now: never, frozen, held until a date, or free. */
function circulationText(w) {
  if (w.frozen) return `Frozen by the operator (reason ${w.frozenReason}); it cannot be passed on until it is unfrozen.`;
  if (w.edition && !w.edition.transferable) return "This work can never be passed on.";
  if (w.transferableAt && new Date(w.transferableAt) > new Date()) {
    const day = new Date(w.transferableAt).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    return el("span", {}, "can be passed on from ", el("time", { datetime: w.transferableAt }, day));
  }
  return "can be passed on now";
}

function render(w, provenance, links) {
  const title = w.title ?? `Work #${w.tokenId}`;
  document.title = `${title} · DigitalCollections`;
  const mint = provenance.ok ? provenance.data.events.find((e) => e.kind === "mint") : null;
  const unconfirmed = mint ? !mint.confirmed : false;

  show(root,
    el("p", { class: "hint" }, `Work #${w.tokenId}`),
    el("h1", { id: "work-title" }, title, unconfirmed ? [" ", unconfirmedBadge()] : null,
      edited(w) ? [" ", el("span", { class: "badge", id: "work-edited", title: `Edited ${w.metadataHistory.length} time(s) by its creator` }, "edited")] : null),
    el("div", { class: "work-layout" },
      el("div", {}, preview(w, title),
        w.contentAvailable
          ? el("p", {}, el("a", { href: `/api/v1/works/${w.tokenId}/content`, download: w.contentType?.startsWith("image/") ? "" : null },
            "Download the file"), w.size !== null ? ` (${sizeText(w.size)})` : "")
          : el("p", { class: "hint" }, "This service holds no copy of the file (registered elsewhere).")),
      el("section", { "aria-labelledby": "facts-heading" },
        el("h2", { id: "facts-heading", class: "visually-hidden" }, "Facts"),
        w.description ? el("p", { class: "description", id: "work-description" }, w.description) : null,
        el("dl", { class: "facts" },
          el("dt", {}, "Creator"), el("dd", { "data-field": "creator" }, addressLink(w.creator)),
          el("dt", {}, "Owner"), el("dd", { "data-field": "owner" }, addressLink(w.owner)),
          el("dt", {}, "Royalty"), el("dd", { "data-field": "royalty" }, royaltyText(w.royaltyBps)),
          w.edition && w.edition.size > 1
            ? [el("dt", {}, "Edition"), el("dd", { "data-field": "edition" },
              `No. ${w.edition.number.toLocaleString("en")} of ${w.edition.size.toLocaleString("en")}`)]
            : null,
          el("dt", {}, "Passing on"), el("dd", { "data-field": "circulation" }, circulationText(w)),
          el("dt", {}, "Registered"), el("dd", {}, formatTime(w.registeredAt)),
          el("dt", {}, "Content hash (SHA-256)"),
          el("dd", { class: "copy-row", "data-field": "contentHash" }, mono(w.contentHash), copyButton(w.contentHash, "Copy the content hash")),
          w.transactionHash ? [el("dt", {}, "Registration transaction"), el("dd", {}, mono(w.transactionHash))] : null,
          w.contentType ? [el("dt", {}, "File type"), el("dd", {}, w.contentType)] : null,
          el("dt", {}, "Token URI"), el("dd", {}, el("a", { class: "mono", href: w.tokenUri }, w.tokenUri)),
          isccFacts(w.iscc)),
        linkNotes(w, links),
        el("p", {}, el("a", { href: `/create?tokenId=${w.tokenId}#transfer` }, "Own this work? Transfer it")))),
    edited(w) ? metadataHistory(w) : null,
    el("section", { class: "card", "aria-labelledby": "provenance-heading", id: "provenance" },
      el("h2", { id: "provenance-heading" }, "Provenance"),
      provenance.ok ? timeline(provenance.data) : problemNotice(provenance.problem)),
    proofSection(w.tokenId));
}

function edited(w) {
  return Array.isArray(w.metadataHistory) && w.metadataHistory.length > 0;
}

/** The creator's signed changes of the title and description, newest first, after the registered title. */
function metadataHistory(w) {
  const changes = [...w.metadataHistory].reverse();
  return el("section", { class: "card", "aria-labelledby": "metadata-history-heading", id: "metadata-history" },
    el("h2", { id: "metadata-history-heading" }, "Edits"),
    el("p", { class: "hint" }, "Each edit was signed by the creator and announced on chain (ERC-4906). The file, its content hash and its ISCC codes never change."),
    el("ol", { class: "timeline edits", reversed: "" },
      ...changes.map((c) => el("li", { "data-field": "metadataChange" },
        el("strong", {}, `Version ${c.version}: `), c.title, " ",
        el("span", { class: "hint" }, "by ", addressLink(c.changedBy), ", ", formatTime(c.changedAt)),
        c.transactionHash ? [" ", mono(c.transactionHash)] : null)),
      el("li", {}, el("strong", {}, "Registered: "), w.registeredTitle ?? `Work #${w.tokenId}`, " ",
        el("span", { class: "hint" }, formatTime(w.registeredAt)))));
}

function preview(w, title) {
  if (w.contentAvailable && w.contentType?.startsWith("image/")) {
    const img = el("img", { class: "content", src: `/api/v1/works/${w.tokenId}/content`, alt: `Preview of ${title}` });
    img.addEventListener("error", () => img.replaceWith(generic(w, "The preview could not be shown.")));
    return el("figure", { class: "preview" }, img);
  }
  return el("figure", { class: "preview" }, generic(w));
}

function generic(w, note) {
  return el("div", { class: "generic" },
    el("img", { src: "/img/file.svg", alt: "", width: 72, height: 72 }),
    el("p", {}, w.contentType ?? "File"), note ? el("p", {}, note) : null);
}

/** What a provenance step says: a mint, a transfer, or one of the operator's or creator's rule changes. */
function stepText(e) {
  switch (e.kind) {
    case "mint": return ["Registered and minted to ", addressLink(e.to)];
    case "transfer": return ["Transferred from ", addressLink(e.from), " to ", addressLink(e.to)];
    case "frozen": return `Frozen by the operator (reason ${e.reasonCode})`;
    case "unfrozen": return "Unfrozen by the operator";
    case "metadata-update": return "Metadata updated";
    default: return e.kind;
  }
}

function timeline(p) {
  if (!p.events.length) return el("p", {}, "No ownership events were found for this token.");
  // Transfers and rule changes in chain order (block, then position in the block).
  const steps = [...p.events, ...(p.ruleChanges ?? [])]
    .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  return el("div", {},
    el("p", { class: "hint" }, `Oldest first, from the chain's events (as of block ${p.consistentWith?.blockNumber ?? "?"}).`),
    el("ol", { class: "timeline", "aria-label": "Owners and rule changes since the mint, oldest first" },
      steps.map((e) => el("li", { class: e.confirmed ? "confirmed" : "unconfirmed", "data-kind": e.kind },
        el("div", { class: "what" },
          stepText(e),
          e.confirmed ? null : [" ", unconfirmedBadge()]),
        el("div", { class: "meta" }, "Block ", el("span", { "data-field": "block" }, String(e.blockNumber)), " · ", formatTime(e.timestamp)),
        el("div", { class: "meta" }, "Transaction ", mono(e.transactionHash))))));
}

