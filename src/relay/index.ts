export {
  type AccountCreationLimits,
  type CreateRelayHandlerParameters,
  createRelayHandler,
  type OperationLimits,
  type RelayClaimResponse,
  type RelayErrorBody,
  type RelayHandler,
  type RelayOperationResponse,
  type RelayResponse,
} from './createRelayHandler.js'
export type { ExpiringMapLimits } from './expiringMap.js'
export type { RateLimit } from './rateLimiter.js'
