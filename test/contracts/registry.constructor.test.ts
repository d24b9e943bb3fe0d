import { describe, it } from 'node:test'
import { contributionRegistryAbi, contributionRegistryBytecode } from '../../src/abis/index.js'
import { actors, deploy, expectRevert } from './fixture.js'

describe('ContributionRegistry: deployment', () => {
  it('refuses a commit window whose minimum age is not below its maximum', async () => {
    await expectRevert(
      deploy(actors.owner, { abi: contributionRegistryAbi, bytecode: contributionRegistryBytecode, args: [600, 600] }),
      'ContributionRegistryInvalidCommitWindow',
      [600, 600],
    )
  })
})
