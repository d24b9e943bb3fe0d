import { createContext } from '@lit/context'
import { createClient } from 'viem'
import { customChain, type LedgerDeployment } from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { ledgerTransport } from '../../src/transports/ledgerTransport.js'
import type { LedgerStrings } from './strings.js'

/** What every widget needs to reach the ledger; set on a `<ledger-provider>`, or on each element. */
export type LedgerConfig = {
  /** A viem client for reads; takes precedence over `rpcUrl`. */
  client?: LedgerClient | undefined
  /** One JSON-RPC URL, or several separated by spaces: later ones are used when earlier ones fail. */
  rpcUrl?: string | undefined
  chainId?: number | undefined
  deployment?: LedgerDeployment | undefined
  /** The only contracts the widgets may use (one per chain): any other `deployment`, or chain, is refused. */
  deployments?: readonly LedgerDeployment[] | undefined
  /** Where `<ledger-contribute>` posts signed registrations for gasless submission. */
  relayUrl?: string | undefined
  /** Enables WalletConnect in the wallet picker. */
  walletConnectProjectId?: string | undefined
  /** Where to load WalletConnect's ethereum-provider from, for pages that self-host it (CSP `script-src 'self'`). */
  walletConnectModuleUrl?: string | undefined
  /** A block explorer's base URL, for transaction links (`…/tx/<hash>`). */
  explorerUrl?: string | undefined
  /** The ledger's indexer, for lists (reward history); the chain is read instead when it is down. */
  indexerUrl?: string | undefined
  /** Replacement text for any of the widgets' strings. */
  strings?: Partial<LedgerStrings> | undefined
}

export const ledgerConfigContext = createContext<LedgerConfig>(Symbol.for('attribution-ledger/config'))

/** An element's own settings win over its provider's; unset (empty) attributes do not hide the provider's. */
export function mergeConfig(provided: LedgerConfig | undefined, own: LedgerConfig): LedgerConfig {
  const merged: LedgerConfig = { ...provided }
  for (const [key, value] of Object.entries(own) as [keyof LedgerConfig, unknown][]) {
    if (value !== undefined && value !== '' && value !== 0) (merged as Record<string, unknown>)[key] = value
  }
  merged.strings = { ...provided?.strings, ...own.strings }
  return merged
}

// One client per endpoint, so that every element configured by attributes shares its reads (and their batching).
const clients = new Map<string, LedgerClient>()

/** The client the config describes, or undefined when it names no endpoint. */
export function readClientFor(config: LedgerConfig): LedgerClient | undefined {
  if (config.client) return config.client
  const { rpcUrl, chainId } = config
  if (!rpcUrl || !chainId) return undefined
  const key = `${chainId} ${rpcUrl}`
  let client = clients.get(key)
  if (!client) {
    const chain = customChain({ id: chainId, rpcUrl })
    // Retries rate limits, server errors and dropped connections (never reverts), then falls back to the next URL.
    const transport = ledgerTransport(chain.rpcUrls.default.http)
    client = createClient({ chain, transport, pollingInterval: 1_000 })
    clients.set(key, client)
  }
  return client
}
