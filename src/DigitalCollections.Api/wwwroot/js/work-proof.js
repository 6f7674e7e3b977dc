// The work page's proof section: "Download proof" saves the work's proof bundle; "Verify here" checks it in this
// browser (./proof/checks.js) against a block hash the collector pastes, or that the page asks the collector's own
// node for (eth_getBlockByNumber at the bundle's block, and eth_chainId). The bundle is fetched from this service
// once, before; the check itself asks nobody: what it compares against must come from elsewhere, or it proves nothing.
import { api, el, show, loading, clearErrors, showErrors, problemNotice, mono, addressLink, formatTime } from "./common.js";
import { verifyBundle } from "./proof/checks.js";

const HASH = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** The proof section for a work. */
export function proofSection(tokenId) {
  let bundle = null; // fetched once, on the first Download or Verify
  const blockNote = el("p", { class: "hint", id: "proof-block", "data-field": "proofBlock" },
    "The proof is taken at the latest confirmed block when you download or verify it.");
  const result = el("div", { id: "proof-result", "aria-live": "polite" });
  const field = (id, name, label, hint, attrs = {}) => el("div", { class: "field" },
    el("label", { for: id }, label),
    el("input", { type: "text", id, name, spellcheck: "false", autocapitalize: "off", autocomplete: "off",
      "aria-describedby": `${id}-hint ${id}-error`, ...attrs }),
    el("p", { class: "hint", id: `${id}-hint` }, hint),
    el("p", { class: "field-error", "data-error-for": name, id: `${id}-error`, hidden: true }));
  const form = el("form", { id: "proof-form", novalidate: true },
    el("p", { class: "form-error", role: "alert", tabindex: "-1", hidden: true }),
    field("proof-block-hash", "blockHash", "Block hash",
      "The hash of the proof's block, from a node or block explorer you trust. Or leave it empty and name your node below."),
    field("proof-rpc", "rpcUrl", "Your node's RPC URL (optional)",
      "The page asks your node for the block's hash and the chain id (eth_getBlockByNumber, eth_chainId); this service is not asked.",
      { inputmode: "url", placeholder: "http://127.0.0.1:8545" }),
    field("proof-contract", "contract", "Contract address (optional)",
      "The registry contract's address as you know it from elsewhere: a proof for another contract then fails by name."),
    el("button", { type: "submit", id: "proof-verify" }, "Verify here"));

  async function ensureBundle() {
    if (bundle) return bundle;
    const answer = await api(`/api/v1/works/${tokenId}/proof`);
    if (!answer.ok || !answer.data) {
      show(result, problemNotice(answer.problem ?? { status: answer.status, title: "The proof could not be read." }));
      return null;
    }
    bundle = answer.data;
    show(blockNote, `This proof is of block ${bundle.block.number} on chain ${bundle.chainId} (contract `, mono(bundle.contract), ").");
    return bundle;
  }

  const download = el("button", { type: "button", class: "secondary", id: "proof-download" }, "Download proof");
  download.addEventListener("click", async () => {
    download.disabled = true;
    try {
      const b = await ensureBundle();
      if (!b) return;
      const url = URL.createObjectURL(new Blob([JSON.stringify(b, null, 2)], { type: "application/json" }));
      const link = el("a", { href: url, download: `work-${tokenId}-proof.json`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } finally {
      download.disabled = false;
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const blockHash = form.elements.blockHash.value.trim();
    const rpcUrl = form.elements.rpcUrl.value.trim();
    const contract = form.elements.contract.value.trim();
    const errors = {};
    if (blockHash && !HASH.test(blockHash)) errors.blockHash = "A block hash is 0x and 64 hex digits.";
    if (rpcUrl && !/^https?:\/\/\S+$/.test(rpcUrl)) errors.rpcUrl = "An RPC URL starts with http:// or https://.";
    if (contract && !ADDRESS.test(contract)) errors.contract = "An address is 0x and 40 hex digits.";
    if (showErrors(form, errors)) return;
    const button = form.querySelector("#proof-verify");
    button.disabled = true;
    try {
      loading(result, "Getting the proof…");
      const b = await ensureBundle();
      if (!b) return;
      const expected = { blockHash, contract: contract || undefined };
      if (!blockHash) {
        if (!rpcUrl) {
          result.replaceChildren();
          showErrors(form, { blockHash: `Enter the hash of block ${b.block.number}, or your node's RPC URL.` });
          return;
        }
        loading(result, `Asking your node for block ${b.block.number}…`);
        const fromNode = await askNode(rpcUrl, b.block.number);
        if (fromNode.error) {
          result.replaceChildren();
          showErrors(form, { rpcUrl: fromNode.error });
          return;
        }
        Object.assign(expected, { blockHash: fromNode.blockHash, chainId: fromNode.chainId });
      }
      show(result, verdict(await verifyBundle(structuredClone(b), expected), expected));
    } catch (error) {
      show(result, el("div", { class: "notice error", role: "alert", "data-state": "error" },
        el("p", {}, `The proof could not be checked: ${error?.message ?? error}`)));
    } finally {
      button.disabled = false;
    }
  });

  return el("section", { class: "card", id: "proof", "aria-labelledby": "proof-heading" },
    el("h2", { id: "proof-heading" }, "Proof"),
    el("p", { class: "hint" }, "A file that proves this work's creator, owner and content hash from the chain itself, checkable without trusting this ",
      "service: here, or with ", mono("node scripts/verify-proof.js"), ", against a block hash you get from elsewhere."),
    el("p", {}, download), blockNote, form, result);
}

/** The block hash and chain id from the collector's node; { error } when it cannot say. */
async function askNode(url, blockNumber) {
  const call = async (method, params) => {
    const response = await fetch(url, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = await response.json();
    if (body.error) throw new Error(`${method}: ${body.error.message ?? JSON.stringify(body.error)}`);
    return body.result;
  };
  try {
    const [block, chainId] = await Promise.all([call("eth_getBlockByNumber", ["0x" + blockNumber.toString(16), false]), call("eth_chainId", [])]);
    if (!block?.hash) return { error: `Your node has no block ${blockNumber}.` };
    return { blockHash: block.hash, chainId: String(BigInt(chainId)) };
  } catch (error) {
    return { error: `Your node could not be asked (${error?.message ?? error}). Does it allow requests from this page (CORS)?` };
  }
}

/** An edition token's proven place and rules (nothing for a unique work, whose bundle has none). */
function editionFacts(facts) {
  if (facts.number === undefined && facts.size === undefined) return [];
  const rules = [
    facts.holdSeconds === undefined ? "hold not proven" : facts.holdSeconds ? `held ${facts.holdSeconds} s after each arrival` : "no hold",
    facts.transferable === undefined ? "transferability not proven" : facts.transferable ? "transferable" : "never transferable",
    facts.frozen === undefined ? "freeze not proven" : facts.frozen ? `frozen (reason ${facts.freezeReason})` : "not frozen",
  ];
  return [
    el("dt", {}, "Edition"), el("dd", { "data-field": "proofEdition" }, `No. ${facts.number ?? "?"} of ${facts.size ?? "?"}`),
    el("dt", {}, "Rules"), el("dd", { "data-field": "proofRules" }, rules.join(", ")),
  ];
}

function verdict({ checks, facts, passed }, expected) {
  const failedNames = checks.filter((c) => !c.passed).map((c) => c.name);
  return el("article", { class: `card result ${passed ? "registered" : "not-registered"}`, "data-state": passed ? "verified" : "not-verified" },
    el("h3", { class: "verdict" }, el("span", { "aria-hidden": "true" }, passed ? "✓" : "✗"),
      passed ? `Verified: all ${checks.length} checks hold` : `Not verified: ${failedNames.length} of ${checks.length} checks failed`),
    el("p", { class: "hint" }, "Checked in this browser against block hash ", mono(expected.blockHash),
      expected.chainId ? ` and chain id ${expected.chainId} from your node` : "", "."),
    passed ? null : el("p", { class: "hint", "data-field": "proofUnverified" }, "The facts below are what the bundle's words hold: a check failed, so they are not proven."),
    el("dl", { class: "facts" },
      el("dt", {}, "Owner"), el("dd", { "data-field": "proofOwner" }, facts.owner ? addressLink(facts.owner) : "not proven"),
      el("dt", {}, "Creator"), el("dd", { "data-field": "proofCreator" }, facts.creator ? addressLink(facts.creator) : "not proven"),
      el("dt", {}, "Content hash"), el("dd", { "data-field": "proofContentHash" }, mono(facts.contentHash ?? "not proven")),
      el("dt", {}, "Registered"), el("dd", { "data-field": "proofRegisteredAt" },
        facts.registeredAt !== undefined ? formatTime(new Date(facts.registeredAt * 1000).toISOString()) : "not proven"),
      ...editionFacts(facts)),
    el("ol", { class: "proof-checks", "aria-label": "Checks" },
      checks.map((c) => el("li", { "data-check": c.name, "data-passed": String(c.passed), class: c.passed ? "pass" : "fail" },
        el("strong", {}, c.passed ? "✓ pass " : "✗ FAIL "), c.name, el("div", { class: "hint mono" }, c.detail)))));
}
