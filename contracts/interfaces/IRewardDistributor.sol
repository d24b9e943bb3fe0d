// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IRewardDistributor
/// @notice Pays one ERC-20 reward token against Merkle roots of cumulative amounts, one root per attribution epoch.
/// A proposed epoch waits out a dispute window, during which a guardian may revoke it and claims keep using the
/// previous root. Leaves are OpenZeppelin standard: `keccak256(bytes.concat(keccak256(abi.encode(account, amount))))`.
interface IRewardDistributor {
    /// @notice An attribution epoch as stored on-chain. Its manifest URI lives in {EpochProposed}.
    /// @param root Merkle root over `(account, cumulativeAmount)` leaves.
    /// @param manifestHash keccak256 of the canonical epoch manifest, so anyone can recompute the epoch.
    /// @param cumulativeTotal Sum of every account's cumulative amount in the tree.
    /// @param proposedAt When the epoch was proposed.
    /// @param activeAt When the dispute window ends and the epoch becomes claimable.
    /// @param revoked Whether a guardian revoked it during its dispute window.
    struct Epoch {
        bytes32 root;
        bytes32 manifestHash;
        uint128 cumulativeTotal;
        uint40 proposedAt;
        uint40 activeAt;
        bool revoked;
    }

    /// @notice One claim of {claimMany}.
    struct Claim {
        address account;
        uint256 cumulativeAmount;
        bytes32[] proof;
    }

    /// @notice `funder` sent tokens; `amount` is what actually arrived (fee-on-transfer tokens keep a fee).
    event Funded(address indexed funder, uint256 amount, uint256 totalFunded);
    /// @notice An epoch was proposed; it becomes claimable at `activeAt` unless revoked.
    event EpochProposed(
        uint32 indexed epochId,
        bytes32 root,
        uint256 cumulativeTotal,
        bytes32 manifestHash,
        string manifestURI,
        uint40 activeAt
    );
    /// @notice A pending epoch was recorded as the active one (claims honour it from `activeAt` regardless).
    event EpochActivated(uint32 indexed epochId);
    /// @notice A guardian revoked a pending epoch.
    event EpochRevoked(uint32 indexed epochId, address indexed guardian);
    /// @notice `amount` was paid to `account`, whose claimed total is now `cumulativeClaimed`; `caller` paid the gas.
    event Claimed(
        address indexed account, uint32 indexed epochId, address indexed caller, uint256 amount, uint256 cumulativeClaimed
    );
    /// @notice The owner granted or revoked the attributor role.
    event AttributorSet(address indexed account, bool enabled);
    /// @notice The owner granted or revoked the guardian role.
    event GuardianSet(address indexed account, bool enabled);
    /// @notice The owner changed the dispute period of future epochs.
    event DisputePeriodSet(uint40 disputePeriod);
    /// @notice A guardian paused or unpaused claims and proposals.
    event PausedSet(address indexed guardian, bool paused);

    /// @notice The zero address is not allowed here.
    error RewardDistributorZeroAddress();
    /// @notice The amount must be positive.
    error RewardDistributorZeroAmount();
    /// @notice Funding beyond 2^128-1 tokens cannot be accounted.
    error RewardDistributorFundingOverflow(uint256 totalFunded);
    /// @notice Only an attributor may propose epochs.
    error RewardDistributorNotAttributor(address account);
    /// @notice Only a guardian may revoke epochs and pause.
    error RewardDistributorNotGuardian(address account);
    /// @notice A Merkle root must not be zero.
    error RewardDistributorInvalidRoot();
    /// @notice Another epoch is still in its dispute window; wait for it or have a guardian revoke it.
    error RewardDistributorEpochPending(uint32 epochId);
    /// @notice Cumulative totals only grow.
    error RewardDistributorCumulativeTotalDecreased(uint256 previous, uint256 proposed);
    /// @notice An epoch cannot promise more than was funded.
    error RewardDistributorInsufficientFunding(uint256 cumulativeTotal, uint256 totalFunded);
    /// @notice There is no pending epoch.
    error RewardDistributorNoPendingEpoch();
    /// @notice The epoch is still in its dispute window until `activeAt`.
    error RewardDistributorDisputeWindowOpen(uint32 epochId, uint256 activeAt);
    /// @notice Only the pending epoch, while its dispute window is open, can be revoked.
    error RewardDistributorEpochNotPending(uint32 epochId);
    /// @notice The distributor is paused.
    error RewardDistributorPaused();
    /// @notice The distributor is not paused.
    error RewardDistributorNotPaused();
    /// @notice No epoch is claimable yet.
    error RewardDistributorNoActiveEpoch();
    /// @notice The proof does not show `(account, cumulativeAmount)` in the active epoch.
    error RewardDistributorInvalidProof(address account, uint256 cumulativeAmount);
    /// @notice `account` already claimed `alreadyClaimed`, which covers `cumulativeAmount`.
    error RewardDistributorNothingToClaim(address account, uint256 cumulativeAmount, uint256 alreadyClaimed);
    /// @notice Paying this claim would exceed the active epoch's cumulative total: the tree is inconsistent.
    error RewardDistributorEpochTotalExceeded(uint32 epochId, uint256 cumulativeTotal);
    /// @notice The dispute period may not exceed `maxPeriod`.
    error RewardDistributorDisputePeriodTooLong(uint40 disputePeriod, uint40 maxPeriod);

    /// @notice Pulls `amount` tokens from the caller and credits what actually arrived.
    /// @return received The balance increase, which is what the distributor may promise.
    function fund(uint256 amount) external returns (uint256 received);

    /// @notice Proposes the next epoch. Only attributors may; it becomes claimable after the dispute period.
    /// @return epochId The new epoch's id (ids start at 1).
    function proposeEpoch(bytes32 root, uint256 cumulativeTotal, bytes32 manifestHash, string calldata manifestURI)
        external
        returns (uint32 epochId);

    /// @notice Records the pending epoch as active once its dispute window has passed. Anyone may call it; claims
    /// honour a matured epoch without it.
    function acceptEpoch() external;

    /// @notice Revokes the pending epoch during its dispute window. Only guardians may.
    function revokeEpoch(uint32 epochId) external;

    /// @notice Stops claims and proposals. Balances and claimed amounts are untouched. Only guardians may.
    function pause() external;

    /// @notice Resumes claims and proposals. Only guardians may.
    function unpause() external;

    /// @notice Pays `account` the difference between `cumulativeAmount` and what it already claimed. Anyone may call
    /// it, paying the gas; the tokens always go to `account`.
    /// @return amount What was paid.
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        returns (uint256 amount);

    /// @notice Pays several claims. Claims with nothing left to pay are skipped, so a front-run claim cannot block
    /// the batch; an invalid proof still reverts it.
    /// @return total What was paid in all.
    function claimMany(Claim[] calldata claims) external returns (uint256 total);

    /// @notice Grants or revokes the attributor role. Only the owner may.
    function setAttributor(address account, bool enabled) external;

    /// @notice Grants or revokes the guardian role. Only the owner may.
    function setGuardian(address account, bool enabled) external;

    /// @notice Sets the dispute period of epochs proposed from now on. Only the owner may.
    function setDisputePeriod(uint40 disputePeriod) external;

    /// @notice The epoch whose root claims use now: the pending one once matured, else the last accepted one;
    /// zero when none.
    function currentEpochId() external view returns (uint32);

    /// @notice The epoch with this id.
    function getEpoch(uint32 epochId) external view returns (Epoch memory);

    /// @notice What `account` has claimed so far.
    function claimed(address account) external view returns (uint256);

    /// @notice The claimable amount now for `(account, cumulativeAmount)` if the proof holds for the current epoch.
    function claimable(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        view
        returns (uint256);

    /// @notice Everything funded so far, as received.
    function totalFunded() external view returns (uint128);

    /// @notice Everything claimed so far.
    function totalClaimed() external view returns (uint128);

    /// @notice The id of the latest epoch (revoked or not).
    function epochCount() external view returns (uint32);

    /// @notice The id of the epoch in its dispute window, or of a matured one not yet accepted; zero when none.
    function pendingEpochId() external view returns (uint32);

    /// @notice The last epoch recorded as active; {currentEpochId} may be newer.
    function activeEpochId() external view returns (uint32);

    /// @notice Seconds a proposed epoch waits before it becomes claimable.
    function disputePeriod() external view returns (uint40);

    /// @notice Whether claims and proposals are paused.
    function paused() external view returns (bool);

    /// @notice Whether `account` may propose epochs.
    function isAttributor(address account) external view returns (bool);

    /// @notice Whether `account` may revoke epochs and pause.
    function isGuardian(address account) external view returns (bool);
}
