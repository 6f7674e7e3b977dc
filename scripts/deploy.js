// Deploys DigitalCollection and writes a deployment file for the API.
//
//   npx hardhat run scripts/deploy.js --network localhost      (npm run deploy)
//
// Environment:
//   DC_RPC_URL             JSON-RPC endpoint of the `localhost` network (default http://127.0.0.1:8545)
//   DC_BASE_URI            tokenURI base (default http://127.0.0.1:5080/api/v1/metadata/)
//   DC_RELAYERS            comma-separated addresses granted MINTER_ROLE (default: the deployer; on chain
//                          31337 the API's development relayer pool, Hardhat accounts #0, #17, #18, #19)
//   DC_COLLECTION_NAME     ERC-721 name and EIP-712 domain name (default DigitalCollections)
//   DC_COLLECTION_SYMBOL   ERC-721 symbol (default DCOL)
//   DC_DEPLOYMENT_FILE     output file (default deployments/<network name>.json)
//   DC_REUSE_DEPLOYMENT    1: if that file's deployment is still on the chain (same chain id and genesis block,
//                          the contract's code at its address, made by its deploy transaction), keep it and
//                          deploy nothing (scripts/start.sh sets it, so a restart finds its contract and data)
//
// The deployer (first signer) becomes the admin (DEFAULT_ADMIN_ROLE and PAUSER_ROLE).
"use strict";

const fs = require("fs");
const path = require("path");
const hre = require("hardhat");

const { ethers, network } = hre;

function env(name, fallback) {
  const value = process.env[name];
  return value === undefined || value.trim() === "" ? fallback : value.trim();
}

// Hardhat accounts the API relays from on chain 31337 when no relayer keys are configured
// (src/DigitalCollections.Api/Chain/Deployment.cs). #1–#16 stay free for creators and collectors.
const DEVELOPMENT_RELAYER_INDEXES = [0, 17, 18, 19];

function parseRelayers(raw, fallback) {
  if (raw === undefined) return fallback;
  const list = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (list.length === 0) return fallback;
  return list.map((a) => {
    if (!ethers.isAddress(a)) throw new Error(`DC_RELAYERS: not an address: ${a}`);
    return ethers.getAddress(a);
  });
}

/** The deployment in `file` if the chain still holds it, else null; `why` hears the reason it does not. */
async function deploymentStillOnChain(file, why) {
  if (!fs.existsSync(file)) return null;
  let deployment;
  try {
    deployment = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    why(`${file} is not readable JSON (${err.message})`);
    return null;
  }
  const { chainId } = await ethers.provider.getNetwork();
  if (Number(chainId) !== deployment.chainId) {
    why(`${file} is for chain ${deployment.chainId}, the node serves chain ${chainId}`);
    return null;
  }
  // A restarted Hardhat node keeps the chain id and the first deploy address: only the genesis block tells it apart.
  const genesis = await ethers.provider.getBlock(0);
  if (!deployment.genesisHash || genesis.hash !== deployment.genesisHash) {
    why(`${file} was made on genesis ${deployment.genesisHash}, the chain's genesis is ${genesis.hash} (a new chain)`);
    return null;
  }
  if (!ethers.isAddress(deployment.contractAddress) || (await ethers.provider.getCode(deployment.contractAddress)) === "0x") {
    why(`no contract code at ${deployment.contractAddress}`);
    return null;
  }
  const receipt = deployment.deployTransactionHash ? await ethers.provider.getTransactionReceipt(deployment.deployTransactionHash) : null;
  if (!receipt || !receipt.contractAddress || ethers.getAddress(receipt.contractAddress) !== ethers.getAddress(deployment.contractAddress)) {
    why(`the chain has no deploy transaction ${deployment.deployTransactionHash} that made ${deployment.contractAddress}`);
    return null;
  }
  return deployment;
}

async function main() {
  const file = path.resolve(env("DC_DEPLOYMENT_FILE", path.join("deployments", `${network.name}.json`)));
  if (env("DC_REUSE_DEPLOYMENT", "0") === "1") {
    const existing = await deploymentStillOnChain(file, (reason) => console.log(`Deploying anew: ${reason}.`));
    if (existing) {
      const baseUri = env("DC_BASE_URI", existing.baseUri);
      if (baseUri !== existing.baseUri) console.log(`Note: the deployed contract's base URI stays ${existing.baseUri} (asked: ${baseUri}).`);
      console.log(`DigitalCollection already deployed at ${existing.contractAddress} (chain ${existing.chainId}, block ${existing.deployBlock}); reusing ${file}`);
      return;
    }
  }

  const signers = await ethers.getSigners();
  const [deployer] = signers;
  if (!deployer) throw new Error(`no signer available on network ${network.name}`);
  const admin = await deployer.getAddress();

  const name = env("DC_COLLECTION_NAME", "DigitalCollections");
  const symbol = env("DC_COLLECTION_SYMBOL", "DCOL");
  const baseUri = env("DC_BASE_URI", "http://127.0.0.1:5080/api/v1/metadata/");

  const { chainId } = await ethers.provider.getNetwork();
  const developmentPool =
    Number(chainId) === 31337 && signers.length >= 20
      ? await Promise.all(DEVELOPMENT_RELAYER_INDEXES.map((i) => signers[i].getAddress()))
      : [admin];
  const relayers = parseRelayers(env("DC_RELAYERS", undefined), developmentPool);
  const genesis = await ethers.provider.getBlock(0);

  const contract = await ethers.deployContract("DigitalCollection", [name, symbol, baseUri, admin, relayers], deployer);
  const tx = contract.deploymentTransaction();
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new Error(`deployment transaction ${tx.hash} failed`);
  const contractAddress = ethers.getAddress(receipt.contractAddress ?? (await contract.getAddress()));

  const deployment = {
    network: network.name,
    chainId: Number(chainId),
    contractAddress,
    deployBlock: receipt.blockNumber,
    deployTransactionHash: receipt.hash,
    genesisHash: genesis.hash,
    relayers,
    admin,
    name,
    symbol,
    baseUri,
    deployedAt: new Date().toISOString(),
  };

  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(deployment, null, 2) + "\n");
  console.log(`DigitalCollection deployed at ${contractAddress} (chain ${deployment.chainId}, block ${receipt.blockNumber}); wrote ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
