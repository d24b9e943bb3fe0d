// Hardhat only runs the local chain (in-process for Node tests, over HTTP for the browser and the demo).
// Contracts are compiled by scripts/build-contracts.ts with the solc npm package, never by Hardhat.
/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: 'cancun',
      accounts: { count: 20 },
      // The RIP-7212 P-256 precompile at 0x100, as on most L2s: passkey signatures cost ~10k gas instead of ~235k.
      // test/contracts/account.noPrecompile.test.ts runs a chain without it.
      enableRip7212: true,
    },
  },
}
