export { LedgerBadge } from './badge/badge.js'
