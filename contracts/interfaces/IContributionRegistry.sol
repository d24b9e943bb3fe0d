// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IContributionRegistry
/// @notice Provenance for AI contributions: who contributed which bytes (by SHA-256), to which datanet, and which
/// models were trained on them. A contribution's id is its content hash, so anyone can recompute it with `sha256sum`.
interface IContributionRegistry {
    /// @notice Lifecycle of a contribution. `None` means the content hash was never registered.
    enum ContributionStatus {
        None,
        Pending,
        Accepted,
        Rejected
    }

    /// @notice How a datanet admits contributions.
    /// @param curated Registrations stay `Pending` until a curator accepts or rejects them.
    /// @param commitReveal Registrations must be committed first and revealed within the commit window, so a hash
    /// copied from the mempool cannot be registered by someone else.
    struct DatanetPolicy {
        bool curated;
        bool commitReveal;
    }

    /// @notice A datanet as stored on-chain (one storage slot). Its metadata URI lives in {DatanetCreated}.
    struct Datanet {
        address owner;
        uint40 createdAt;
        bool curated;
        bool commitReveal;
    }

    /// @notice A contribution as stored on-chain (two storage slots). Its metadata URI lives in {ContributionRegistered}.
    struct Contribution {
        address contributor;
        uint48 datanetId;
        uint40 registeredAt;
        ContributionStatus status;
        bytes32 metadataHash;
    }

    /// @notice What a contributor registers. `metadataHash` is keccak256 of the RFC 8785 canonical metadata JSON.
    struct Registration {
        uint48 datanetId;
        bytes32 contentHash;
        bytes32 metadataHash;
        string metadataURI;
    }

    /// @notice A trained model and the Merkle root over the content hashes of its training set.
    struct Model {
        address owner;
        uint40 registeredAt;
        bytes32 trainingSetRoot;
    }

    /// @notice A datanet was created.
    event DatanetCreated(
        uint48 indexed datanetId, address indexed owner, bool curated, bool commitReveal, string metadataURI
    );
    /// @notice Ownership of a datanet moved to `newOwner`.
    event DatanetOwnershipTransferred(uint48 indexed datanetId, address indexed previousOwner, address indexed newOwner);
    /// @notice `curator` was granted (`enabled`) or lost the right to review the datanet's contributions.
    event CuratorSet(uint48 indexed datanetId, address indexed curator, bool enabled);
    /// @notice A contribution was registered. `status` is `Pending` on curated datanets and `Accepted` otherwise.
    event ContributionRegistered(
        bytes32 indexed contentHash,
        address indexed contributor,
        uint48 indexed datanetId,
        bytes32 metadataHash,
        string metadataURI,
        ContributionStatus status
    );
    /// @notice A curator accepted or rejected a pending contribution.
    event ContributionReviewed(
        bytes32 indexed contentHash, uint48 indexed datanetId, address indexed curator, ContributionStatus status
    );
    /// @notice A commitment was recorded; it can be revealed from `revealableAt` until `expiresAt`.
    event Committed(bytes32 indexed commitment, address indexed committer, uint40 revealableAt, uint40 expiresAt);
    /// @notice `contributor` invalidated every signature made with `nonce`.
    event NonceInvalidated(address indexed contributor, uint256 nonce);
    /// @notice A model was registered together with the Merkle root of its training set.
    event ModelRegistered(
        uint48 indexed modelId, address indexed owner, bytes32 trainingSetRoot, uint48[] datanetIds, string metadataURI
    );

    /// @notice No datanet has this id.
    error ContributionRegistryDatanetNotFound(uint48 datanetId);
    /// @notice Only the datanet's owner may do this.
    error ContributionRegistryNotDatanetOwner(uint48 datanetId, address account);
    /// @notice Only the datanet's owner or one of its curators may review its contributions.
    error ContributionRegistryNotCurator(uint48 datanetId, address account);
    /// @notice The zero address is not allowed here.
    error ContributionRegistryZeroAddress();
    /// @notice The zero hash is not the SHA-256 of any content.
    error ContributionRegistryInvalidContentHash();
    /// @notice This content was registered already, by `contributor` at `registeredAt`.
    error ContributionRegistryAlreadyRegistered(bytes32 contentHash, address contributor, uint40 registeredAt);
    /// @notice No contribution has this content hash.
    error ContributionRegistryContributionNotFound(bytes32 contentHash);
    /// @notice The contribution was reviewed already.
    error ContributionRegistryNotPending(bytes32 contentHash, ContributionStatus status);
    /// @notice A batch must hold at least one registration.
    error ContributionRegistryEmptyBatch();
    /// @notice This datanet only takes contributions through commit and reveal.
    error ContributionRegistryCommitRevealRequired(uint48 datanetId);
    /// @notice This commitment is already waiting to be revealed.
    error ContributionRegistryCommitmentExists(bytes32 commitment);
    /// @notice No commitment matches the revealed contributor, content hash and salt.
    error ContributionRegistryCommitmentNotFound(bytes32 commitment);
    /// @notice The commitment is too recent; it can be revealed from `revealableAt`.
    error ContributionRegistryCommitmentTooNew(bytes32 commitment, uint256 revealableAt);
    /// @notice The commitment expired at `expiredAt`; commit again.
    error ContributionRegistryCommitmentExpired(bytes32 commitment, uint256 expiredAt);
    /// @notice The minimum commitment age must be below the maximum.
    error ContributionRegistryInvalidCommitWindow(uint40 minCommitAge, uint40 maxCommitAge);
    /// @notice The signed registration expired at `deadline`.
    error ContributionRegistrySignatureExpired(uint256 deadline);
    /// @notice The signature used a stale or future nonce; `expected` is the contributor's current nonce.
    error ContributionRegistryInvalidNonce(address contributor, uint256 expected);
    /// @notice The signature is not `contributor`'s (EOA or ERC-1271) for this registry and chain.
    error ContributionRegistryInvalidSignature(address contributor);
    /// @notice No model has this id.
    error ContributionRegistryModelNotFound(uint48 modelId);
    /// @notice A model's training set root must not be zero.
    error ContributionRegistryEmptyTrainingSet();

    /// @notice Creates a datanet owned by the caller.
    /// @return datanetId The new datanet's id (ids start at 1).
    function createDatanet(string calldata metadataURI, DatanetPolicy calldata policy)
        external
        returns (uint48 datanetId);

    /// @notice Hands a datanet to `newOwner`. Only the current owner may.
    function transferDatanetOwnership(uint48 datanetId, address newOwner) external;

    /// @notice Grants or revokes the right to review a datanet's contributions. Only the datanet's owner may.
    function setCurator(uint48 datanetId, address curator, bool enabled) external;

    /// @notice Registers content on behalf of the caller.
    function register(Registration calldata registration) external;

    /// @notice Registers several contents on behalf of the caller, atomically.
    function registerBatch(Registration[] calldata registrations) external;

    /// @notice Registers content for `contributor`, who signed it as EIP-712 `Registration`; anyone may submit it.
    /// @param nonce The contributor's current nonce (see {nonces}).
    /// @param deadline The last timestamp at which the signature is valid.
    /// @param signature An ECDSA signature, or an ERC-1271 one when `contributor` is a contract.
    function registerBySig(
        address contributor,
        Registration calldata registration,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /// @notice Invalidates every outstanding signature of the caller by using up the current nonce.
    function invalidateNonce() external;

    /// @notice Records `commitment = keccak256(abi.encode(contributor, contentHash, salt))`.
    function commit(bytes32 commitment) external;

    /// @notice Registers content for the caller against an earlier commitment of the caller.
    function reveal(Registration calldata registration, bytes32 salt) external;

    /// @notice Accepts or rejects a pending contribution. Only the datanet's owner or curators may.
    function reviewContribution(bytes32 contentHash, bool accept) external;

    /// @notice Registers a model and the Merkle root (OpenZeppelin standard leaves) over its training contributions.
    /// @return modelId The new model's id (ids start at 1).
    function registerModel(string calldata metadataURI, bytes32 trainingSetRoot, uint48[] calldata datanetIds)
        external
        returns (uint48 modelId);

    /// @notice The contribution with this content hash; status `None` when there is none.
    function getContribution(bytes32 contentHash) external view returns (Contribution memory);

    /// @notice The contributions with these content hashes, in order, so a page of badges costs one call.
    function getContributions(bytes32[] calldata contentHashes) external view returns (Contribution[] memory);

    /// @notice The datanet with this id; a zero owner when there is none.
    function getDatanet(uint48 datanetId) external view returns (Datanet memory);

    /// @notice The model with this id; a zero owner when there is none.
    function getModel(uint48 modelId) external view returns (Model memory);

    /// @notice Whether `contentHash` is in the training set of `modelId`, proven against its training set root.
    function isInTrainingSet(uint48 modelId, bytes32 contentHash, bytes32[] calldata proof)
        external
        view
        returns (bool);

    /// @notice Whether `account` may review the datanet's contributions.
    function isCurator(uint48 datanetId, address account) external view returns (bool);

    /// @notice When a commitment was made; zero when there is none.
    function commitments(bytes32 commitment) external view returns (uint40 committedAt);

    /// @notice How many datanets exist; ids run from 1 to this number.
    function datanetCount() external view returns (uint48);

    /// @notice How many models exist; ids run from 1 to this number.
    function modelCount() external view returns (uint48);

    /// @notice Seconds a commitment must wait before it can be revealed.
    function minCommitAge() external view returns (uint40);

    /// @notice Seconds after which a commitment can no longer be revealed.
    function maxCommitAge() external view returns (uint40);
}
