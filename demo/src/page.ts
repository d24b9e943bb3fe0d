/** What every demo page does first: load the demo's configuration, and wire the header, footer, widgets and wallet to it. */
// The provider first: a widget asks for its configuration as it connects, and only a defined provider answers.
import 'attribution-ledger/components/provider/define'
import 'attribution-ledger/components/badge/define'
import 'attribution-ledger/components/claim/define'
import 'attribution-ledger/components/contribute/define'
import { customChain, getRewardToken, type RewardToken } from 'attribution-ledger'
import { createClient, http } from 'viem'
import { type DemoConfig, datanetName, deploymentOf, loadConfig } from './api.js'
import { type DevWallet, installDevWallet } from './devWallet.js'
import { showDevWalletPanel } from './devWalletPanel.js'

export type Page = { config: DemoConfig; wallet: DevWallet | undefined }

/** Shows a problem at the top of the page, as text. */
function showProblem(text: string) {
  const notice = document.createElement('p')
  notice.className = 'notice error'
  notice.setAttribute('role', 'alert')
  notice.textContent = text
  document.querySelector('main')?.prepend(notice)
}

export const messageOf = (error: unknown) =>
  (error as { shortMessage?: string } | null)?.shortMessage ?? (error instanceof Error ? error.message : String(error))

function configureProviders(config: DemoConfig) {
  for (const provider of document.querySelectorAll('ledger-provider')) {
    provider.setAttribute('rpc-url', config.rpcUrl)
    provider.setAttribute('chain-id', String(config.chainId))
    provider.setAttribute('relay-url', config.relayUrl)
    if (config.indexerUrl) provider.setAttribute('indexer-url', config.indexerUrl)
    provider.deployment = deploymentOf(config)
    // Badges name datanets by number; this page knows their names.
    provider.strings = { badgeDatanet: (id: number) => datanetName(config, id) }
  }
}

function fillChrome(config: DemoConfig) {
  for (const pill of document.querySelectorAll('[data-chain]')) {
    pill.textContent = config.chainId === 31337 ? `Local chain ${config.chainId}` : `Chain ${config.chainId}`
  }
  for (const code of document.querySelectorAll<HTMLElement>('[data-contract]')) {
    const name = code.dataset.contract as 'registry' | 'distributor' | 'rewardToken'
    code.textContent = config.deployment[name]
  }
}

/**
 * Loads /api/demo.json and configures the page from it. Resolves undefined, having said why on the page, when the demo
 * server cannot be reached.
 */
export async function startPage(): Promise<Page | undefined> {
  let config: DemoConfig
  try {
    config = await loadConfig()
  } catch (error) {
    showProblem(`The demo server did not answer (${messageOf(error)}). Is \`npm start\` running?`)
    return undefined
  }
  fillChrome(config)
  configureProviders(config)
  const wallet = installDevWallet(config)
  if (wallet) showDevWalletPanel(wallet)
  return { config, wallet }
}

/** A client of the demo's chain, for the SDK's reads. */
export const ledgerClient = (config: DemoConfig) =>
  createClient({ chain: customChain({ id: config.chainId, rpcUrl: config.rpcUrl }), transport: http(config.rpcUrl) })

/** The reward token's symbol and decimals, read from its contract. */
export function readRewardToken(config: DemoConfig): Promise<RewardToken> {
  return getRewardToken(ledgerClient(config), { deployment: deploymentOf(config) })
}
