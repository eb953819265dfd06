// Only used to run a local EVM node for tests (`hardhat node`); contracts are compiled with
// solc-js by scripts/compile-contract.ts, not by hardhat.
/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  networks: {
    hardhat: { chainId: 31337 },
  },
};
