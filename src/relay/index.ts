export { type CreateRelayHandlerParameters, createRelayHandler, type RelayResponse } from './createRelayHandler.js'
