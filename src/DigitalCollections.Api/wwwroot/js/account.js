// The address page (/accounts/{address}): works created by and works owned by the address, a page at a time.
import { api, el, show, loading, patterns, initPage, problemNotice, formatTime, unconfirmedBadge, workLink, addressLink } from "./common.js";

const address = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] ?? "");
const notice = document.getElementById("account-notice");
const lists = document.getElementById("account-lists");

initPage();
document.getElementById("account-address").textContent = address;

if (!patterns.address.test(address)) {
  document.getElementById("account-heading").textContent = "Not an address";
  lists.hidden = true;
  show(notice, el("div", { class: "notice error", role: "alert", "data-state": "invalid" },
    el("p", {}, "An address is 0x followed by 40 hex digits."), el("p", {}, el("a", { href: "/" }, "Search again"))));
} else {
  document.title = `Address ${address.slice(0, 10)}… · DigitalCollections`;
  for (const container of [document.getElementById("created"), document.getElementById("owned")]) {
    loadInto(container, container.dataset.relation, null);
  }
}

async function loadInto(container, relation, cursor) {
  const list = container.querySelector("ul") ?? null;
  const more = container.querySelector("button.more");
  if (!list) loading(container, "Loading…");
  if (more) {
    more.disabled = true;
    more.textContent = "Loading…";
  }
  const query = new URLSearchParams({ relation, limit: "20" });
  if (cursor) query.set("cursor", cursor);
  const answer = await api(`/api/v1/accounts/${address}/works?${query}`);
  if (!answer.ok) {
    if (more) more.remove();
    container.append(problemNotice(answer.problem));
    if (!list) container.querySelector(".status")?.remove();
    return;
  }
  const page = answer.data;
  if (!list) {
    if (!page.items.length) {
      show(container, el("p", { "data-state": "empty" },
        relation === "created" ? "This address has not created any works." : "This address owns no works."));
      return;
    }
    show(container, el("ul", { class: "work-list", "aria-label": relation === "created" ? "Works created" : "Works owned" }));
  }
  const ul = container.querySelector("ul");
  for (const w of page.items) ul.append(item(w, relation));
  more?.remove();
  if (page.nextCursor) {
    container.append(el("button", {
      type: "button", class: "secondary more", onclick: () => loadInto(container, relation, page.nextCursor),
    }, "Show more"));
  }
}

function item(w, relation) {
  const other = relation === "created" ? ["Owner ", addressLink(w.owner)] : ["Creator ", addressLink(w.creator)];
  return el("li", { "data-token-id": w.tokenId },
    el("div", { class: "title" }, workLink(w.tokenId, w.title ?? `Work #${w.tokenId}`), " ", el("span", { class: "hint" }, `#${w.tokenId}`),
      w.edition ? [" ", el("span", { class: "edition", "data-field": "edition" },
        `No. ${w.edition.number.toLocaleString("en")} of ${w.edition.size.toLocaleString("en")}`)] : null,
      w.confirmed ? null : [" ", unconfirmedBadge()]),
    el("div", { class: "meta" }, "Registered ", formatTime(w.registeredAt)),
    el("div", { class: "meta" }, other));
}
