import { expect } from '@open-wc/testing'
import { hardhat } from 'viem/chains'
import { loadWalletConnect, walletConnectOptions } from '../../../components/shared/wallet/walletConnect.js'

/** The npm build: WalletConnect comes from the app's own `@walletconnect/ethereum-provider`, never from a URL we chose. */
describe('WalletConnect from npm', () => {
  it('is offered with a project id and a chain, and with no module URL it loads the package, not a CDN', async () => {
    const options = walletConnectOptions({ walletConnectProjectId: 'demo-project' }, hardhat)
    expect(options).to.deep.equal({ projectId: 'demo-project', chain: hardhat, moduleUrl: undefined })
    // This repository does not install the optional peer, as an app that leaves it out would not.
    const error = await loadWalletConnect(options as NonNullable<typeof options>).catch((caught: Error) => caught)
    expect((error as Error).name).to.equal('WalletConnectUnavailableError')
    expect((error as Error & { shortMessage: string }).shortMessage).to.contain('WalletConnect could not be loaded')
    // What failed is resolving the package's bare name, not fetching any URL.
    const { message } = (error as Error).cause as Error
    expect(message).to.contain("'@walletconnect/ethereum-provider'")
    expect(message).not.to.match(/https?:\/\//)
  })

  it('is not offered without a project id or a chain', () => {
    expect(walletConnectOptions({}, hardhat)).to.equal(undefined)
    expect(walletConnectOptions({ walletConnectProjectId: 'demo-project' }, undefined)).to.equal(undefined)
  })
})
