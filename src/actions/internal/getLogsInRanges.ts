import type { AbiEvent, Address, Log } from 'viem'
import { getBlockNumber, getLogs } from 'viem/actions'
import type { LedgerClient } from '../../client.js'

type GetLogsInRangesParameters = {
  address: Address
  event: AbiEvent
  args?: Record<string, unknown>
  fromBlock: bigint
  toBlock?: bigint
}

/** Node messages that mean "ask for fewer blocks", across Geth, Erigon, Alchemy, Infura, QuickNode and others. */
const RANGE_ERROR = /range|limit|too many|exceed|10000|block.*span|query returned more than|response size/i

const isRangeError = (error: unknown) => {
  let current: unknown = error
  while (current) {
    const { message, details, code } = current as { message?: string; details?: string; code?: number }
    if (code === -32005 || RANGE_ERROR.test(`${message ?? ''} ${details ?? ''}`)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

/**
 * `eth_getLogs` over `[fromBlock, toBlock]`, halving any range a node refuses as too large, so the result has no
 * gaps and no duplicates whatever the node's limits. Logs come back in chain order.
 */
export async function getLogsInRanges(client: LedgerClient, parameters: GetLogsInRangesParameters): Promise<Log[]> {
  const toBlock = parameters.toBlock ?? (await getBlockNumber(client))
  const fetchRange = async (from: bigint, to: bigint): Promise<Log[]> => {
    try {
      return (await getLogs(client, {
        address: parameters.address,
        event: parameters.event,
        args: parameters.args,
        fromBlock: from,
        toBlock: to,
        strict: true,
      } as never)) as Log[]
    } catch (error) {
      if (from >= to || !isRangeError(error)) throw error
      const middle = from + (to - from) / 2n
      const first = await fetchRange(from, middle)
      return [...first, ...(await fetchRange(middle + 1n, to))]
    }
  }
  if (parameters.fromBlock > toBlock) return []
  return fetchRange(parameters.fromBlock, toBlock)
}
