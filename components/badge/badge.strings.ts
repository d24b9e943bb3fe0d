import { formatDate } from '../../src/format.js'

export const badgeStrings = {
  badgeIdle: 'No content to check',
  badgeLoading: 'Checking provenance…',
  badgeVerified: 'Verified contribution',
  badgeBy: 'by',
  badgeOn: (when: Date) => `on ${formatDate(when)}`,
  badgeCopy: 'Copy',
  badgeCopied: 'Copied',
  badgeCopyLabel: 'Copy contributor address',
  badgeDatanet: (id: number) => `datanet #${id}`,
  badgeStatus: (status: string) => `status: ${status}`,
  badgeModels: (models: string) => `used by ${models}`,
  badgeNoModels: 'not yet used by a registered model',
  badgeNotRegistered: 'Not registered',
  badgeNotRegisteredDetail: 'nobody has registered this content',
  badgeMismatch: 'Hash mismatch',
  badgeMismatchDetail: 'the file is not the registered content',
  badgeNetworkError: 'Network error',
  badgeNetworkErrorDetail: 'Provenance could not be checked: network error.',
  badgeMalformed: 'The content hash is malformed.',
  badgeUntrustedDeployment: 'Not checked: these contracts are not among the ones this site configured.',
}

export type BadgeStrings = typeof badgeStrings
