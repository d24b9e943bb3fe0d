// Hardhat only runs the local chain (in-process for Node tests, over HTTP for the browser and the demo).
// Contracts are compiled by scripts/build-contracts.ts with the solc npm package, never by Hardhat.
/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: 'cancun',
      accounts: { count: 20 },
    },
  },
}
