// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Account} from "@openzeppelin/contracts/account/Account.sol";
import {ERC7821} from "@openzeppelin/contracts/account/extensions/draft-ERC7821.sol";
import {IEntryPoint} from "@openzeppelin/contracts/interfaces/IERC4337.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {AbstractSigner} from "@openzeppelin/contracts/utils/cryptography/signers/AbstractSigner.sol";
import {ERC7739} from "@openzeppelin/contracts/utils/cryptography/signers/draft-ERC7739.sol";
import {MultiSignerERC7913} from "@openzeppelin/contracts/utils/cryptography/signers/MultiSignerERC7913.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

/// @title PasskeyAccount
/// @notice An ERC-4337 smart account controlled by passkeys: each signer is an ERC-7913 signer, the address of an
/// `ERC7913WebAuthnVerifier` followed by the passkey's P-256 public key (qx ‖ qy). Any one signer suffices
/// (threshold 1), so another device's passkey can be added later. It signs for contracts through ERC-1271 with
/// ERC-7739 nested EIP-712 signatures, executes batches through ERC-7821, and runs user operations of one EntryPoint.
/// @dev Used through minimal clones made by `PasskeyAccountFactory`, which initialises each clone in the transaction that
/// creates it. The implementation itself can never sign: its constructor disables initializers and gives it a
/// placeholder signer, `address(0)`, for which no ECDSA signature recovers and which has no code.
contract PasskeyAccount is Account, EIP712, ERC7739, MultiSignerERC7913, ERC7821, Initializable {
    /// @notice Thrown when the implementation is deployed without an EntryPoint.
    error PasskeyAccountInvalidEntryPoint();

    /// @notice The EntryPoint whose user operations this account accepts.
    IEntryPoint private immutable _entryPoint;

    /// @param entryPoint_ The ERC-4337 EntryPoint (v0.8) that clones of this implementation trust.
    constructor(IEntryPoint entryPoint_) EIP712("PasskeyAccount", "1") MultiSignerERC7913(_placeholderSigners(), 1) {
        if (address(entryPoint_) == address(0)) revert PasskeyAccountInvalidEntryPoint();
        _entryPoint = entryPoint_;
        _disableInitializers();
    }

    /// @notice Sets the account's first signer; a clone can be initialised once, the implementation never.
    /// @param signer The ERC-7913 signer: verifier address ‖ qx ‖ qy.
    function initialize(bytes calldata signer) external initializer {
        bytes[] memory signers = new bytes[](1);
        signers[0] = signer;
        _addSigners(signers);
        _setThreshold(1);
    }

    /// @notice Adds a signer, for example a passkey on another device. Only the account itself, through a user
    /// operation or its own ERC-7821 batch, can call it.
    /// @param signer The ERC-7913 signer to add: verifier address ‖ qx ‖ qy.
    function addSigner(bytes calldata signer) external onlyEntryPointOrSelf {
        bytes[] memory signers = new bytes[](1);
        signers[0] = signer;
        _addSigners(signers);
    }

    /// @notice Removes a signer. Only the account itself can call it, and never for its last signer.
    /// @param signer The ERC-7913 signer to remove.
    function removeSigner(bytes calldata signer) external onlyEntryPointOrSelf {
        bytes[] memory signers = new bytes[](1);
        signers[0] = signer;
        _removeSigners(signers);
    }

    /// @inheritdoc Account
    /// @dev The EntryPoint given to the implementation's constructor, rather than the version OpenZeppelin hard-codes.
    function entryPoint() public view override returns (IEntryPoint) {
        return _entryPoint;
    }

    /// @inheritdoc AbstractSigner
    /// @dev `signature` is `abi.encode(bytes[] signers, bytes[] signatures)`; each WebAuthn signature is an ABI-encoded
    /// `WebAuthn.WebAuthnAuth`.
    function _rawSignatureValidation(bytes32 hash, bytes calldata signature)
        internal
        view
        override(AbstractSigner, MultiSignerERC7913)
        returns (bool)
    {
        return super._rawSignatureValidation(hash, signature);
    }

    /// @inheritdoc ERC7821
    /// @dev The EntryPoint may execute too, so a user operation's call data can be an ERC-7821 batch.
    function _erc7821AuthorizedExecutor(address caller, bytes32 mode, bytes calldata executionData)
        internal
        view
        override
        returns (bool)
    {
        return caller == address(entryPoint()) || super._erc7821AuthorizedExecutor(caller, mode, executionData);
    }

    /// @dev The implementation's only signer: `address(0)` as an ERC-7913 signer, which nobody can sign for.
    function _placeholderSigners() private pure returns (bytes[] memory signers) {
        signers = new bytes[](1);
        signers[0] = abi.encodePacked(address(0));
    }
}
