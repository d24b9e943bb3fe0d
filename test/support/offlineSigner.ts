import { type Account, createWalletClient, custom } from 'viem'

/** A wallet client for a local account with no network: its transport refuses every request, so signing is all it can do. */
export const offlineSigner = (account: Account) =>
  createWalletClient({
    account,
    transport: custom({
      request: async () => {
        throw new Error('no network in this test: a local account signs without one')
      },
    }),
  })
