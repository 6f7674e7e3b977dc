// The walk of an EIP-1186 proof down Ethereum's Merkle-Patricia trie: from the root hash, each next node is found
// by its keccak256 among the proof's nodes (or embedded in its parent when under 32 bytes), following the nibbles
// of keccak256(key). So any changed byte of a node changes its hash, and the walk cannot find it.
import { keccak256 } from "./keccak.js";
import { BundleError, toHex } from "./hex.js";
import { decode } from "./rlp.js";

const nibbles = (bytes) => Array.from(bytes).flatMap((b) => [b >> 4, b & 15]);

/** The path nibbles and leaf flag of a hex-prefix encoded key (Yellow Paper appendix C). */
function hexPrefix(encoded) {
  const all = nibbles(encoded);
  const flag = all[0];
  if (flag > 3) throw new BundleError("trie: a node's key has a bad hex-prefix flag");
  if (!(flag & 1) && all[1] !== 0) throw new BundleError("trie: a node's even key has no zero pad");
  return { leaf: flag >= 2, path: all.slice(flag & 1 ? 1 : 2) };
}

/**
 * The value stored under keccak256(key) in the trie with this root, proven by these nodes (0x hex strings):
 * the value's bytes, or null when the proof shows the key absent. Throws a BundleError when the proof does not
 * connect to the root (a missing or changed node) or a node is malformed.
 */
export function provenValue(root, key, proofNodes) {
  const byHash = new Map(proofNodes.map((n) => [toHex(keccak256(n)), n]));
  const path = nibbles(keccak256(key));
  let at = 0;
  let reference = root;
  for (let depth = 0; depth < 128; depth++) {
    let node;
    if (Array.isArray(reference)) node = reference; // embedded in its parent
    else {
      if (reference.length !== 32) throw new BundleError("trie: a child reference is neither a hash nor a node");
      const encoded = byHash.get(toHex(reference));
      if (!encoded) throw new BundleError(`trie: no proof node hashes to ${depth ? "a child reference" : "the root"} ${toHex(reference)}`);
      node = decode(encoded);
    }
    if (!Array.isArray(node)) throw new BundleError("trie: a node is not a list");
    if (node.length === 17) {
      if (at === path.length) return node[16].length ? node[16] : null;
      const child = node[path[at++]];
      if (!Array.isArray(child) && child.length === 0) return null;
      reference = child;
    } else if (node.length === 2) {
      const { leaf, path: part } = hexPrefix(node[0]);
      const matches = part.every((n, i) => path[at + i] === n);
      if (leaf) return matches && at + part.length === path.length ? node[1] : null;
      if (!matches) return null;
      at += part.length;
      reference = node[1];
    } else throw new BundleError(`trie: a node of ${node.length} items`);
  }
  throw new BundleError("trie: deeper than any key");
}
