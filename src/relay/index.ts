export {
  type CreateRelayHandlerParameters,
  createRelayHandler,
  type RelayHandler,
  type RelayResponse,
} from './createRelayHandler.js'
export type { ExpiringMapLimits } from './expiringMap.js'
