// Hardhat 2 configuration for the DigitalCollections contracts (CommonJS).
require("@nomicfoundation/hardhat-ethers");
require("@nomicfoundation/hardhat-chai-matchers");
require("@nomicfoundation/hardhat-network-helpers");

const path = require("path");
const { subtask } = require("hardhat/config");
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names");

// The compiler is the npm `solc` package (pinned exactly in package.json), so compiling
// never downloads anything: Hardhat's compiler server is not reachable from every machine.
const SOLC_VERSION = require("solc/package.json").version; // "0.8.28"

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args, hre, runSuper) => {
  if (args.solcVersion === SOLC_VERSION) {
    const solc = require("solc");
    return {
      compilerPath: path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js"),
      isSolcJs: true,
      version: args.solcVersion,
      longVersion: solc.version(),
    };
  }
  return runSuper();
});

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      // OpenZeppelin 5.5+ uses MCOPY (EIP-5656), so the target chain must support Cancun.
      evmVersion: "cancun",
      // The storage layout is kept beside the bytecode: a work's proof bundle derives its slots from it,
      // and tests/contracts/storage-layout.test.js checks that derivation against the compiler's answer.
      outputSelection: { "*": { "*": ["storageLayout"] } },
    },
  },
  paths: {
    sources: "./contracts",
    tests: "./tests/contracts",
    cache: "./cache",
    artifacts: "./artifacts",
  },
  networks: {
    hardhat: {
      chainId: 31337,
      allowBlocksWithSameTimestamp: true,
    },
    // A local `npx hardhat node` by default (chain id 31337, unlocked well-known accounts).
    // DC_RPC_URL points it at any other EVM JSON-RPC endpoint; DC_DEPLOYER_PRIVATE_KEY then
    // supplies the deployer key when the node has no unlocked accounts.
    localhost: {
      url: process.env.DC_RPC_URL || "http://127.0.0.1:8545",
      accounts: process.env.DC_DEPLOYER_PRIVATE_KEY ? [process.env.DC_DEPLOYER_PRIVATE_KEY] : "remote",
    },
  },
  mocha: {
    timeout: 60000,
  },
};
