// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {PasskeyAccount} from "./PasskeyAccount.sol";

/// @title PasskeyAccountFactory
/// @notice Creates passkey accounts as minimal clones of one `PasskeyAccount` implementation, at addresses known before
/// they exist, and initialises each in the transaction that creates it.
/// @dev The CREATE2 salt is derived from the signer, so an account's address commits to its first passkey: whoever
/// sends `createAccount` (the person, a relay, or someone copying it from the mempool) creates the same account with
/// the same signer, and no one can initialise it with another.
contract PasskeyAccountFactory {
    /// @notice Emitted when an account is created.
    /// @param account The new account.
    /// @param signer Its first ERC-7913 signer: verifier address ‖ qx ‖ qy.
    /// @param salt The salt given to `createAccount`, which distinguishes several accounts of one signer.
    event PasskeyAccountCreated(address indexed account, bytes signer, bytes32 salt);

    /// @notice Thrown when the factory is deployed with an implementation that has no code.
    error PasskeyAccountFactoryInvalidImplementation(address implementation);

    /// @notice The `PasskeyAccount` every account created here delegates to.
    address public immutable implementation;

    /// @param implementation_ A deployed `PasskeyAccount` (its initializers disabled).
    constructor(address implementation_) {
        if (implementation_.code.length == 0) revert PasskeyAccountFactoryInvalidImplementation(implementation_);
        implementation = implementation_;
    }

    /// @notice Creates the account of `signer` and `salt`, or returns it if it already exists.
    /// @param signer The account's first ERC-7913 signer: verifier address ‖ qx ‖ qy.
    /// @param salt Any value; zero for a person's first account.
    /// @return account The account's address, equal to `predictAddress(signer, salt)`.
    function createAccount(bytes calldata signer, bytes32 salt) external returns (address account) {
        bytes32 cloneSalt = _cloneSalt(signer, salt);
        account = Clones.predictDeterministicAddress(implementation, cloneSalt);
        if (account.code.length != 0) return account;
        Clones.cloneDeterministic(implementation, cloneSalt);
        PasskeyAccount(payable(account)).initialize(signer);
        emit PasskeyAccountCreated(account, signer, salt);
    }

    /// @notice The address `createAccount(signer, salt)` creates, whether or not it exists yet.
    /// @param signer The account's first ERC-7913 signer.
    /// @param salt The salt that will be given to `createAccount`.
    /// @return The account's address.
    function predictAddress(bytes calldata signer, bytes32 salt) external view returns (address) {
        return Clones.predictDeterministicAddress(implementation, _cloneSalt(signer, salt));
    }

    /// @dev Binds the CREATE2 salt to the signer, so a front-runner can only create the account it was meant to be.
    function _cloneSalt(bytes calldata signer, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(signer, salt));
    }
}
