import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hardhat, mainnet } from 'viem/chains'
import {
  DeploymentChainMismatchError,
  DeploymentNotFoundError,
  localhostDeployment,
  resolveDeployment,
  UntrustedDeploymentError,
} from '../../src/chains.js'

const impostor = { ...localhostDeployment, registry: '0x000000000000000000000000000000000000dEaD' } as const
const onMainnet = { ...localhostDeployment, chainId: mainnet.id } as const

describe('resolveDeployment', () => {
  it('finds the known deployment for the client’s chain, and says when there is none', () => {
    assert.deepEqual(resolveDeployment({ chain: hardhat }), localhostDeployment)
    assert.throws(() => resolveDeployment({ chain: mainnet }), DeploymentNotFoundError)
  })

  it('refuses a deployment for another chain than the client’s', () => {
    const error = (() => {
      try {
        resolveDeployment({ chain: hardhat }, onMainnet)
      } catch (caught) {
        return caught
      }
    })()
    assert.ok(error instanceof DeploymentChainMismatchError)
    assert.equal(error.deploymentChainId, 1)
    assert.equal(error.clientChainId, 31337)
    assert.match(error.shortMessage, /on chain 1, but the connection is to chain 31337/)
  })

  it('with configured deployments, accepts only those (addresses compared in any case)', () => {
    const lowerCase = { ...localhostDeployment, registry: localhostDeployment.registry.toLowerCase() as `0x${string}` }
    assert.deepEqual(resolveDeployment({ chain: hardhat }, lowerCase, [localhostDeployment]), lowerCase)
    assert.deepEqual(resolveDeployment({ chain: hardhat }, undefined, [localhostDeployment]), localhostDeployment)
    assert.throws(
      () => resolveDeployment({ chain: hardhat }, impostor, [localhostDeployment]),
      UntrustedDeploymentError,
    )
    assert.throws(
      () => resolveDeployment({ chain: mainnet }, undefined, [localhostDeployment]),
      DeploymentNotFoundError,
    )
    assert.throws(() => resolveDeployment({ chain: hardhat }, undefined, [onMainnet]), DeploymentNotFoundError)
  })
})
