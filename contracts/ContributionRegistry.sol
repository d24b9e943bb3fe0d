// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IContributionRegistry} from "./interfaces/IContributionRegistry.sol";

/// @title ContributionRegistry
/// @notice Registers who contributed which content (by SHA-256) to which datanet, and which models trained on it.
/// @dev Only what contracts or batched reads need is stored (two slots per contribution); metadata URIs are emitted.
contract ContributionRegistry is IContributionRegistry, EIP712, Nonces {
    /// @notice EIP-712 type of a signed registration.
    bytes32 public constant REGISTRATION_TYPEHASH = keccak256(
        "Registration(address contributor,uint48 datanetId,bytes32 contentHash,bytes32 metadataHash,string metadataURI,uint256 nonce,uint256 deadline)"
    );

    /// @inheritdoc IContributionRegistry
    uint40 public immutable minCommitAge;
    /// @inheritdoc IContributionRegistry
    uint40 public immutable maxCommitAge;

    /// @inheritdoc IContributionRegistry
    uint48 public datanetCount;
    /// @inheritdoc IContributionRegistry
    uint48 public modelCount;

    /// @inheritdoc IContributionRegistry
    mapping(bytes32 commitment => uint40 committedAt) public commitments;

    mapping(uint48 datanetId => Datanet) private _datanets;
    mapping(uint48 datanetId => mapping(address account => bool)) private _curators;
    mapping(bytes32 contentHash => Contribution) private _contributions;
    mapping(uint48 modelId => Model) private _models;

    /// @param minCommitAge_ Seconds a commitment must age before it is revealed (blocks same-block front-running).
    /// @param maxCommitAge_ Seconds after which a commitment expires (stops hoarded commitments).
    constructor(uint40 minCommitAge_, uint40 maxCommitAge_) EIP712("ContributionRegistry", "1") {
        if (minCommitAge_ >= maxCommitAge_) revert ContributionRegistryInvalidCommitWindow(minCommitAge_, maxCommitAge_);
        minCommitAge = minCommitAge_;
        maxCommitAge = maxCommitAge_;
    }

    // ---------------------------------------------------------------- datanets

    /// @inheritdoc IContributionRegistry
    function createDatanet(string calldata metadataURI, DatanetPolicy calldata policy)
        external
        returns (uint48 datanetId)
    {
        datanetId = ++datanetCount;
        _datanets[datanetId] = Datanet({
            owner: msg.sender,
            createdAt: uint40(block.timestamp),
            curated: policy.curated,
            commitReveal: policy.commitReveal
        });
        emit DatanetCreated(datanetId, msg.sender, policy.curated, policy.commitReveal, metadataURI);
    }

    /// @inheritdoc IContributionRegistry
    function transferDatanetOwnership(uint48 datanetId, address newOwner) external {
        if (newOwner == address(0)) revert ContributionRegistryZeroAddress();
        _requireDatanetOwner(datanetId);
        _datanets[datanetId].owner = newOwner;
        emit DatanetOwnershipTransferred(datanetId, msg.sender, newOwner);
    }

    /// @inheritdoc IContributionRegistry
    function setCurator(uint48 datanetId, address curator, bool enabled) external {
        if (curator == address(0)) revert ContributionRegistryZeroAddress();
        _requireDatanetOwner(datanetId);
        _curators[datanetId][curator] = enabled;
        emit CuratorSet(datanetId, curator, enabled);
    }

    // ----------------------------------------------------------- registration

    /// @inheritdoc IContributionRegistry
    function register(Registration calldata registration) external {
        _register(msg.sender, registration, false);
    }

    /// @inheritdoc IContributionRegistry
    function registerBatch(Registration[] calldata registrations) external {
        uint256 count = registrations.length;
        if (count == 0) revert ContributionRegistryEmptyBatch();
        for (uint256 i; i < count; ++i) {
            _register(msg.sender, registrations[i], false);
        }
    }

    /// @inheritdoc IContributionRegistry
    function registerBySig(
        address contributor,
        Registration calldata registration,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external {
        if (block.timestamp > deadline) revert ContributionRegistrySignatureExpired(deadline);
        uint256 expected = _useNonce(contributor);
        if (nonce != expected) revert ContributionRegistryInvalidNonce(contributor, expected);
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(
                    REGISTRATION_TYPEHASH,
                    contributor,
                    registration.datanetId,
                    registration.contentHash,
                    registration.metadataHash,
                    keccak256(bytes(registration.metadataURI)),
                    nonce,
                    deadline
                )
            )
        );
        if (!SignatureChecker.isValidSignatureNowCalldata(contributor, digest, signature)) {
            revert ContributionRegistryInvalidSignature(contributor);
        }
        _register(contributor, registration, false);
    }

    /// @inheritdoc IContributionRegistry
    function invalidateNonce() external {
        emit NonceInvalidated(msg.sender, _useNonce(msg.sender));
    }

    /// @inheritdoc IContributionRegistry
    function commit(bytes32 commitment) external {
        uint40 committedAt = commitments[commitment];
        // An unexpired commitment is never overwritten: re-committing a copied commitment would reset its clock.
        if (committedAt != 0 && block.timestamp <= uint256(committedAt) + maxCommitAge) {
            revert ContributionRegistryCommitmentExists(commitment);
        }
        uint40 now_ = uint40(block.timestamp);
        commitments[commitment] = now_;
        emit Committed(commitment, msg.sender, now_ + minCommitAge, now_ + maxCommitAge);
    }

    /// @inheritdoc IContributionRegistry
    function reveal(Registration calldata registration, bytes32 salt) external {
        bytes32 commitment = keccak256(abi.encode(msg.sender, registration.contentHash, salt));
        uint256 committedAt = commitments[commitment];
        if (committedAt == 0) revert ContributionRegistryCommitmentNotFound(commitment);
        if (block.timestamp < committedAt + minCommitAge) {
            revert ContributionRegistryCommitmentTooNew(commitment, committedAt + minCommitAge);
        }
        if (block.timestamp > committedAt + maxCommitAge) {
            revert ContributionRegistryCommitmentExpired(commitment, committedAt + maxCommitAge);
        }
        delete commitments[commitment];
        _register(msg.sender, registration, true);
    }

    /// @inheritdoc IContributionRegistry
    function reviewContribution(bytes32 contentHash, bool accept) external {
        Contribution storage contribution = _contributions[contentHash];
        ContributionStatus status = contribution.status;
        if (status == ContributionStatus.None) revert ContributionRegistryContributionNotFound(contentHash);
        uint48 datanetId = contribution.datanetId;
        if (_datanets[datanetId].owner != msg.sender && !_curators[datanetId][msg.sender]) {
            revert ContributionRegistryNotCurator(datanetId, msg.sender);
        }
        if (status != ContributionStatus.Pending) revert ContributionRegistryNotPending(contentHash, status);
        ContributionStatus decision = accept ? ContributionStatus.Accepted : ContributionStatus.Rejected;
        contribution.status = decision;
        emit ContributionReviewed(contentHash, datanetId, msg.sender, decision);
    }

    // ------------------------------------------------------------------ models

    /// @inheritdoc IContributionRegistry
    function registerModel(string calldata metadataURI, bytes32 trainingSetRoot, uint48[] calldata datanetIds)
        external
        returns (uint48 modelId)
    {
        if (trainingSetRoot == bytes32(0)) revert ContributionRegistryEmptyTrainingSet();
        for (uint256 i; i < datanetIds.length; ++i) {
            if (_datanets[datanetIds[i]].owner == address(0)) revert ContributionRegistryDatanetNotFound(datanetIds[i]);
        }
        modelId = ++modelCount;
        _models[modelId] =
            Model({owner: msg.sender, registeredAt: uint40(block.timestamp), trainingSetRoot: trainingSetRoot});
        emit ModelRegistered(modelId, msg.sender, trainingSetRoot, datanetIds, metadataURI);
    }

    // ------------------------------------------------------------------- views

    /// @inheritdoc IContributionRegistry
    function getContribution(bytes32 contentHash) external view returns (Contribution memory) {
        return _contributions[contentHash];
    }

    /// @inheritdoc IContributionRegistry
    function getContributions(bytes32[] calldata contentHashes) external view returns (Contribution[] memory found) {
        found = new Contribution[](contentHashes.length);
        for (uint256 i; i < contentHashes.length; ++i) {
            found[i] = _contributions[contentHashes[i]];
        }
    }

    /// @inheritdoc IContributionRegistry
    function getDatanet(uint48 datanetId) external view returns (Datanet memory) {
        return _datanets[datanetId];
    }

    /// @inheritdoc IContributionRegistry
    function getModel(uint48 modelId) external view returns (Model memory) {
        return _models[modelId];
    }

    /// @inheritdoc IContributionRegistry
    function isInTrainingSet(uint48 modelId, bytes32 contentHash, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        bytes32 root = _models[modelId].trainingSetRoot;
        if (root == bytes32(0)) revert ContributionRegistryModelNotFound(modelId);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(contentHash))));
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IContributionRegistry
    function isCurator(uint48 datanetId, address account) external view returns (bool) {
        return _datanets[datanetId].owner == account || _curators[datanetId][account];
    }

    // ---------------------------------------------------------------- internal

    function _register(address contributor, Registration calldata registration, bool revealed) private {
        bytes32 contentHash = registration.contentHash;
        if (contentHash == bytes32(0)) revert ContributionRegistryInvalidContentHash();
        uint48 datanetId = registration.datanetId;
        Datanet storage datanet = _datanets[datanetId];
        if (datanet.owner == address(0)) revert ContributionRegistryDatanetNotFound(datanetId);
        if (datanet.commitReveal && !revealed) revert ContributionRegistryCommitRevealRequired(datanetId);

        Contribution storage contribution = _contributions[contentHash];
        if (contribution.status != ContributionStatus.None) {
            revert ContributionRegistryAlreadyRegistered(contentHash, contribution.contributor, contribution.registeredAt);
        }
        ContributionStatus status = datanet.curated ? ContributionStatus.Pending : ContributionStatus.Accepted;
        contribution.contributor = contributor;
        contribution.datanetId = datanetId;
        contribution.registeredAt = uint40(block.timestamp);
        contribution.status = status;
        contribution.metadataHash = registration.metadataHash;
        emit ContributionRegistered(
            contentHash, contributor, datanetId, registration.metadataHash, registration.metadataURI, status
        );
    }

    function _requireDatanetOwner(uint48 datanetId) private view {
        address owner = _datanets[datanetId].owner;
        if (owner == address(0)) revert ContributionRegistryDatanetNotFound(datanetId);
        if (owner != msg.sender) revert ContributionRegistryNotDatanetOwner(datanetId, msg.sender);
    }
}
