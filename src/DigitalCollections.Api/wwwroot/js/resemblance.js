// The verify page's "resembles" answer: the dropped file's ISCC code, computed in the browser (./iscc.js, the bytes
// stay here), is sent to GET /api/v1/verifications/similar and the registered works it resembles are shown best
// first, each beside the dropped file. Kept apart from verify.js, which answers only "is it exactly this file".
import { api, el, show, loading, problemText, formatTime, addressLink, workLink } from "./common.js";
import { fileCodes } from "./iscc.js";

/** Works fetched for titles and previews: the first few matches; the rest are listed without a preview. */
const PREVIEWED = 5;
/** Characters of a dropped text shown as its preview. */
const TEXT_PREVIEW = 600;

// The object URL of the dropped image shown now: released when the next file is shown, so the page does not
// keep every dropped picture alive.
let previewUrl = null;

/**
 * Renders into `container` the registered works that resemble `file`, leaving out `exactTokenId` (the work that
 * is exactly this file, already shown above). Never throws: a file the browser cannot read and an API error are
 * shown as notices.
 */
export async function showResemblance(container, file, { exactTokenId = null, bytes } = {}) {
  releasePreview();
  loading(container, "Looking for registered works that resemble it…");
  let codes;
  try {
    codes = await fileCodes(file, bytes);
  } catch (error) {
    show(container, notice("error", "similar-error", "Resemblance not checked",
      `The browser could not compute the file's ISCC code: ${error?.message ?? error}`));
    return;
  }
  const query = comparableCode(codes);
  const answer = await api(`/api/v1/verifications/similar?iscc=${encodeURIComponent(query.code)}`);
  if (!answer.ok) {
    show(container, notice(answer.status === 503 || answer.status === 0 ? "warning" : "error", "similar-error",
      "Resemblance not checked", `Registered works could not be searched for similar ones: ${problemText(answer.problem)}`));
    return;
  }
  if (!container.isConnected) return; // another file was dropped meanwhile
  const matches = (answer.data?.similar ?? []).filter((m) => String(m.tokenId) !== String(exactTokenId ?? ""));
  if (!matches.length) {
    show(container, noMatch(query, exactTokenId !== null));
    return;
  }
  const works = await Promise.all(matches.slice(0, PREVIEWED).map((m) => api(`/api/v1/works/${m.tokenId}`)));
  if (!container.isConnected) return;
  const dropped = await droppedPreview(file, codes);
  show(container, renderMatches(matches, works.map((w) => (w.ok ? w.data : null)), dropped, exactTokenId !== null));
}

/**
 * The code to ask with, as the server chooses for an uploaded file (SimilarityQuery.Of): the Content-Code when it
 * takes part in similarity, otherwise the Data-Code, which every file has.
 */
function comparableCode(codes) {
  if (codes.content && codes.takesPart) return { code: codes.content, kind: codes.kind, note: null };
  const note = codes.contentReason
    ?? (codes.kind === "text" ? "the text is too short for its Content-Code to say anything" : null);
  return { code: codes.data, kind: "data", note };
}

function noMatch(query, exact) {
  const how = query.kind === "data" ? "its Data-Code (its bytes)" : `its ${query.kind} Content-Code`;
  const basis = [`Compared by ${how}, computed in your browser.`, query.note ? ` Not compared by a Content-Code: ${query.note}.` : ""];
  // Beside an exact match a short line is enough; on its own the answer gets a card of its own.
  if (exact) return el("p", { class: "hint", "data-state": "no-similar" }, "No other registered work resembles this file. ", basis);
  return el("article", { class: "card result no-similar", "data-state": "no-similar", "aria-labelledby": "similar-verdict" },
    el("h2", { class: "verdict", id: "similar-verdict" }, "No similar work"),
    el("p", {}, "No registered work resembles this file closely either: it is neither a registered file nor a near-copy of one."),
    el("p", { class: "hint" }, basis));
}

function renderMatches(matches, works, dropped, exact) {
  const [best] = matches;
  return el("article", { class: "card result similar", "data-state": "similar", "aria-labelledby": "similar-verdict" },
    el("h2", { class: "verdict", id: "similar-verdict" }, el("span", { "aria-hidden": "true" }, "≈"),
      exact ? "Other registered works resemble it" : "Resembles a registered work"),
    exact ? null : el("p", { "data-field": "similar-summary" },
      "Not this exact file, but it closely resembles ", workLink(best.tokenId, `work #${best.tokenId}`), " by ",
      addressLink(best.creator), " registered on ", formatTime(best.registeredAt), "."),
    el("p", { class: "hint" }, matches.length > 1 ? `${matches.length} registered works resemble it, most similar first. ` : null,
      "A resemblance is a hint, not proof of copying: compare the two yourself."),
    el("ol", { class: "work-list similar-list", "aria-label": "Registered works that resemble this file, most similar first" },
      matches.map((m, i) => matchItem(m, works[i] ?? null, i < PREVIEWED ? dropped : null))));
}

function matchItem(m, work, dropped) {
  const title = work?.title ?? `Work #${m.tokenId}`;
  return el("li", { "data-token-id": String(m.tokenId) },
    el("div", { class: "title" }, workLink(m.tokenId, work?.title ? `#${m.tokenId} ${work.title}` : `Work #${m.tokenId}`)),
    el("div", { class: "meta" }, "By ", addressLink(m.creator), " · registered ", formatTime(m.registeredAt),
      m.owner && m.owner.toLowerCase() !== m.creator?.toLowerCase() ? [" · owned by ", addressLink(m.owner)] : null),
    el("div", { class: "meta", "data-field": "distance" },
      `${kindName(m.codeKind)}: ${m.distance} of 64 bits differ, ${Math.round(m.similarity * 100)}% similar`),
    dropped ? el("div", { class: "side-by-side" },
      el("figure", {}, dropped(), el("figcaption", { class: "hint" }, "Your file (not uploaded)")),
      el("figure", {}, registeredPreview(m.tokenId, work, title), el("figcaption", { class: "hint" }, `Registered work #${m.tokenId}`)))
      : null,
    el("p", {}, el("a", { href: `/works/${encodeURIComponent(m.tokenId)}` }, `Open work #${m.tokenId} and its provenance`)));
}

function kindName(codeKind) {
  return { image: "Image-Code", text: "Text-Code", data: "Data-Code", imageRegion: "Region codes", imageVariant: "Crop codes" }[codeKind] ?? codeKind;
}

/**
 * Makes previews of the dropped file, shown from memory (an image by object URL, a text by its first
 * characters): a function, since each listed match shows its own copy beside it.
 */
async function droppedPreview(file, codes) {
  if (codes.kind === "image" || file.type?.startsWith("image/")) {
    previewUrl = URL.createObjectURL(file);
    const url = previewUrl;
    return () => el("div", { class: "preview", "data-preview": "dropped" },
      el("img", { class: "content", src: url, alt: `Your file ${file.name}` }));
  }
  if (codes.kind === "text") {
    let text = "";
    try {
      text = await file.slice(0, TEXT_PREVIEW * 4).text();
    } catch {
      /* the generic box below */
    }
    const excerpt = text.length > TEXT_PREVIEW ? text.slice(0, TEXT_PREVIEW) + "…" : text;
    if (excerpt) return () => el("div", { class: "preview text", "data-preview": "dropped" }, el("pre", {}, excerpt));
  }
  return () => generic(file.type || "File", "dropped");
}

/** The registered work's image from the content route, as the work page shows it; other files as a generic box. */
function registeredPreview(tokenId, work, title) {
  if (work?.contentAvailable && work.contentType?.startsWith("image/")) {
    const img = el("img", { class: "content", src: `/api/v1/works/${encodeURIComponent(tokenId)}/content`, alt: `Preview of ${title}` });
    const box = el("div", { class: "preview", "data-preview": "registered" }, img);
    img.addEventListener("error", () => box.replaceWith(generic(work.contentType, "registered", "The preview could not be shown.")));
    return box;
  }
  return generic(work?.contentType ?? "File", "registered",
    work && !work.contentAvailable ? "This service holds no copy of the file." : null);
}

function generic(type, which, note) {
  return el("div", { class: "preview", "data-preview": which },
    el("div", { class: "generic" }, el("img", { src: "/img/file.svg", alt: "", width: 72, height: 72 }),
      el("p", {}, type), note ? el("p", {}, note) : null));
}

function notice(kind, state, title, text) {
  return el("div", { class: `notice ${kind}`, role: "alert", "data-state": state }, el("h2", {}, title), el("p", {}, text));
}

function releasePreview() {
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = null;
}
