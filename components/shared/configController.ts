import { ContextConsumer } from '@lit/context'
import type { ReactiveController, ReactiveElement } from 'lit'
import type { Chain } from 'viem'
import {
  customChain,
  type DeploymentChainMismatchError,
  type DeploymentNotFoundError,
  type LedgerDeployment,
  resolveDeployment,
  type UntrustedDeploymentError,
} from '../../src/chains.js'
import type { LedgerClient } from '../../src/client.js'
import { type LedgerConfig, ledgerConfigContext, mergeConfig, readClientFor } from './config.js'
import type { LedgerSettings } from './configElement.js'

export type DeploymentRefusedError = DeploymentNotFoundError | DeploymentChainMismatchError | UntrustedDeploymentError

/**
 * An element's configuration: the nearest `<ledger-provider>`'s settings with the element's own over them, and what
 * they resolve to. Recomputed before every update of the host, ahead of the controllers added after it (so add it
 * before any `Task` that reads it); what did not change keeps its identity, so those tasks do not run again for nothing.
 *
 * @example
 * class MyWidget extends LedgerConfigElement {
 *   readonly #settings = new LedgerConfigController(this)
 *   render() { return html`${this.#settings.deployment?.registry ?? this.#settings.deploymentError?.shortMessage}` }
 * }
 */
export class LedgerConfigController implements ReactiveController {
  /** The merged settings: the element's own where set, else its provider's. */
  config: LedgerConfig = {}
  /** The client for reads: `client` if set, else the one shared by every element naming the same `rpc-url` and `chain-id`. */
  client: LedgerClient | undefined
  /** The client's chain, else the chain `chain-id` and `rpc-url` describe. */
  chain: Chain | undefined
  /** The contracts to use, once `client` is known and they are accepted. */
  deployment: LedgerDeployment | undefined
  /** Why no contracts can be used: none known for the chain, another chain's, or not among `deployments`. */
  deploymentError: DeploymentRefusedError | undefined

  readonly #host: ReactiveElement & LedgerSettings
  readonly #provided: ContextConsumer<typeof ledgerConfigContext, ReactiveElement>
  #resolvedFrom: readonly unknown[] = []

  constructor(host: ReactiveElement & LedgerSettings) {
    this.#host = host
    this.#provided = new ContextConsumer(host, { context: ledgerConfigContext, subscribe: true })
    host.addController(this)
  }

  hostUpdate() {
    const host = this.#host
    this.config = mergeConfig(this.#provided.value, {
      client: host.client,
      rpcUrl: host.rpcUrl,
      chainId: host.chainId,
      deployment: host.deployment,
      deployments: host.deployments,
      relayUrl: host.relayUrl,
      walletConnectProjectId: host.walletConnectProjectId,
      walletConnectModuleUrl: host.walletConnectModuleUrl,
      explorerUrl: host.explorerUrl,
      indexerUrl: host.indexerUrl,
      strings: host.strings,
    })
    const { chainId, rpcUrl, deployment, deployments } = this.config
    const client = readClientFor(this.config)
    const inputs = [client, chainId, rpcUrl, deployment, deployments]
    if (inputs.some((input, index) => input !== this.#resolvedFrom[index])) this.#resolve(client)
    this.#resolvedFrom = inputs
  }

  #resolve(client: LedgerClient | undefined) {
    const { chainId, rpcUrl, deployment, deployments } = this.config
    this.client = client
    this.chain = client?.chain ?? (chainId && rpcUrl ? customChain({ id: chainId, rpcUrl }) : undefined)
    this.deployment = undefined
    this.deploymentError = undefined
    if (!client) return
    try {
      this.deployment = resolveDeployment(client, deployment, deployments)
    } catch (error) {
      this.deploymentError = error as DeploymentRefusedError
    }
  }
}
