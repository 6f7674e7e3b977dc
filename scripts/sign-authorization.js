#!/usr/bin/env node
// Signs the contract's EIP-712 authorisations with a creator's or owner's own key, the way a
// wallet would, using the domain the API publishes at GET /api/v1/chain. Prints JSON to send.
//
//   node scripts/sign-authorization.js mint --key 0x… --file work.png [--to 0x…] [--royalty 250] [--api URL]
//   node scripts/sign-authorization.js transfer --key 0x… --token 1 --to 0x… [--api URL]
//
// The key may also come from DC_SIGNER_KEY, so it stays out of shell history.
const fs = require("node:fs");
const crypto = require("node:crypto");
const { ethers } = require("ethers");

function parseArgs(argv) {
  const [kind, ...rest] = argv;
  const options = {};
  for (let i = 0; i < rest.length; i += 2) {
    if (!rest[i].startsWith("--") || rest[i + 1] === undefined) usage(`bad argument ${rest[i]}`);
    options[rest[i].slice(2)] = rest[i + 1];
  }
  return { kind, options };
}

function usage(message) {
  console.error(`${message}\nusage: sign-authorization.js mint --key K --file F [--to A] [--royalty BPS] [--api URL]\n` +
    "       sign-authorization.js transfer --key K --token ID --to A [--api URL]");
  process.exit(2);
}

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function main() {
  const { kind, options } = parseArgs(process.argv.slice(2));
  const api = options.api || process.env.DC_API_URL || "http://127.0.0.1:5080";
  const key = options.key || process.env.DC_SIGNER_KEY;
  if (!key) usage("a signing key is required (--key or DC_SIGNER_KEY)");
  const wallet = new ethers.Wallet(key);
  const chain = await getJson(`${api}/api/v1/chain`);
  const domain = chain.eip712Domain;
  const deadline = Math.floor(Date.now() / 1000) + Number(options.ttl || 3600);

  if (kind === "mint") {
    if (!options.file) usage("--file is required");
    const contentHash = "0x" + crypto.createHash("sha256").update(fs.readFileSync(options.file)).digest("hex");
    const message = {
      creator: wallet.address,
      to: options.to || wallet.address,
      contentHash,
      royaltyBps: Number(options.royalty || 0),
      deadline,
    };
    const types = { MintAuthorization: chain.eip712Types.MintAuthorization };
    const signature = await wallet.signTypedData(domain, types, message);
    console.log(JSON.stringify({ ...message, signature }));
  } else if (kind === "transfer") {
    if (!options.token || !options.to) usage("--token and --to are required");
    const work = await getJson(`${api}/api/v1/works/${options.token}`);
    const message = { from: wallet.address, to: options.to, tokenId: Number(options.token), nonce: work.transferNonce, deadline };
    const types = { TransferAuthorization: chain.eip712Types.TransferAuthorization };
    const signature = await wallet.signTypedData(domain, types, message);
    console.log(JSON.stringify({ from: message.from, to: message.to, nonce: message.nonce, deadline, signature }));
  } else {
    usage(`unknown kind '${kind}'`);
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
