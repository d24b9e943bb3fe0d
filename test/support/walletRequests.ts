import { createWalletClient, type Hex, http, type LocalAccount, numberToHex, type TransactionRequest } from 'viem'
import { hardhat } from 'viem/chains'

type Request = { method: string; params?: unknown }

export type WalletState = {
  chainId: number
  knownChains: Set<number>
  /** Makes the next signature or transaction fail as if the person clicked "Reject". */
  rejectNext: boolean
  onChainChanged: (chainId: number) => void
  /** While set, signatures and transactions wait for it, as a wallet waits for the person to decide. */
  deciding?: Promise<void> | undefined
}

const rejection = () => Object.assign(new Error('User rejected the request.'), { code: 4001 })

/** Sends one JSON-RPC request to a node. */
export async function forwardTo(rpcUrl: string, { method, params }: Request) {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const { result, error } = await response.json()
  if (error) throw Object.assign(new Error(error.message), error)
  return result
}

/**
 * What a wallet extension does with a page's EIP-1193 request, for a local test key on the local chain: accounts,
 * chain switching (4902 for chains it does not know), signing and sending; everything else goes to the node.
 */
export function walletRequestHandler(signer: LocalAccount, rpcUrl: string, state: WalletState) {
  const sender = createWalletClient({ account: signer, chain: hardhat, transport: http(rpcUrl) })
  const refuseIfRejecting = async () => {
    await state.deciding
    if (state.rejectNext) {
      state.rejectNext = false
      throw rejection()
    }
  }
  return async ({ method, params }: Request): Promise<unknown> => {
    const args = (params ?? []) as unknown[]
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [signer.address]
      case 'eth_chainId':
        return numberToHex(state.chainId)
      case 'wallet_switchEthereumChain': {
        const target = Number((args[0] as { chainId: Hex }).chainId)
        if (!state.knownChains.has(target)) throw Object.assign(new Error('Unrecognized chain ID.'), { code: 4902 })
        state.chainId = target
        state.onChainChanged(target)
        return null
      }
      case 'wallet_addEthereumChain':
        state.knownChains.add(Number((args[0] as { chainId: Hex }).chainId))
        return null
      case 'eth_sendTransaction': {
        await refuseIfRejecting()
        if (state.chainId !== hardhat.id)
          throw Object.assign(new Error('The wallet is on another chain.'), { code: 4901 })
        const { to, data, value, gas } = args[0] as TransactionRequest & { value?: Hex; gas?: Hex }
        return sender.sendTransaction({
          to: to ?? null,
          ...(data ? { data } : {}),
          ...(value ? { value: BigInt(value) } : {}),
          ...(gas ? { gas: BigInt(gas) } : {}),
        })
      }
      case 'eth_signTypedData_v4': {
        await refuseIfRejecting()
        const typedData = JSON.parse(args[1] as string)
        delete typedData.types.EIP712Domain
        return signer.signTypedData(typedData)
      }
      case 'personal_sign':
        await refuseIfRejecting()
        return signer.signMessage({ message: { raw: args[0] as Hex } })
      default:
        return forwardTo(rpcUrl, { method, params })
    }
  }
}
