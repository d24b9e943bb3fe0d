// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";

/// @title RewardDistributor
/// @notice Cumulative Merkle rewards for attribution epochs, with a dispute window, a guardian and funding checks.
/// @dev Claims never write more than `claimed[account]`, the shared totals slot and the token balances; matured
/// epochs are honoured without an activation transaction, so nobody has to pay to switch roots.
contract RewardDistributor is IRewardDistributor, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The longest dispute period the owner may set.
    uint40 public constant MAX_DISPUTE_PERIOD = 30 days;

    /// @notice The reward token.
    IERC20 public immutable token;

    // One slot: everything a claim or proposal needs to find the current epoch.
    /// @inheritdoc IRewardDistributor
    uint32 public epochCount;
    /// @inheritdoc IRewardDistributor
    uint32 public activeEpochId;
    /// @inheritdoc IRewardDistributor
    uint32 public pendingEpochId;
    /// @notice When the pending epoch matures; meaningless when there is none.
    uint40 private _pendingActiveAt;
    /// @inheritdoc IRewardDistributor
    uint40 public disputePeriod;
    /// @inheritdoc IRewardDistributor
    bool public paused;

    // One slot: the accounting that bounds every payout.
    /// @inheritdoc IRewardDistributor
    uint128 public totalFunded;
    /// @inheritdoc IRewardDistributor
    uint128 public totalClaimed;

    /// @inheritdoc IRewardDistributor
    mapping(address account => uint256) public claimed;
    /// @inheritdoc IRewardDistributor
    mapping(address account => bool) public isAttributor;
    /// @inheritdoc IRewardDistributor
    mapping(address account => bool) public isGuardian;

    mapping(uint32 epochId => Epoch) private _epochs;

    modifier onlyAttributor() {
        if (!isAttributor[msg.sender]) revert RewardDistributorNotAttributor(msg.sender);
        _;
    }

    modifier onlyGuardian() {
        if (!isGuardian[msg.sender]) revert RewardDistributorNotGuardian(msg.sender);
        _;
    }

    modifier whenNotPaused() {
        if (paused) revert RewardDistributorPaused();
        _;
    }

    /// @param token_ The reward token.
    /// @param owner_ The admin, who grants the attributor and guardian roles.
    /// @param disputePeriod_ Seconds each proposed epoch waits before it becomes claimable.
    constructor(IERC20 token_, address owner_, uint40 disputePeriod_) Ownable(owner_) {
        if (address(token_) == address(0)) revert RewardDistributorZeroAddress();
        token = token_;
        _setDisputePeriod(disputePeriod_);
    }

    // ----------------------------------------------------------------- funding

    /// @inheritdoc IRewardDistributor
    function fund(uint256 amount) external nonReentrant returns (uint256 received) {
        if (amount == 0) revert RewardDistributorZeroAmount();
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        received = token.balanceOf(address(this)) - balanceBefore;
        if (received == 0) revert RewardDistributorZeroAmount();
        uint256 newTotal = uint256(totalFunded) + received;
        if (newTotal > type(uint128).max) revert RewardDistributorFundingOverflow(newTotal);
        totalFunded = uint128(newTotal);
        emit Funded(msg.sender, received, newTotal);
    }

    // ------------------------------------------------------------------ epochs

    /// @inheritdoc IRewardDistributor
    function proposeEpoch(bytes32 root, uint256 cumulativeTotal, bytes32 manifestHash, string calldata manifestURI)
        external
        onlyAttributor
        whenNotPaused
        returns (uint32 epochId)
    {
        if (root == bytes32(0)) revert RewardDistributorInvalidRoot();
        uint32 pending = pendingEpochId;
        if (pending != 0) {
            if (block.timestamp < _pendingActiveAt) revert RewardDistributorEpochPending(pending);
            _activate(pending);
        }
        uint32 active = activeEpochId;
        uint256 previous = active == 0 ? 0 : _epochs[active].cumulativeTotal;
        if (cumulativeTotal < previous) revert RewardDistributorCumulativeTotalDecreased(previous, cumulativeTotal);
        if (cumulativeTotal > totalFunded) revert RewardDistributorInsufficientFunding(cumulativeTotal, totalFunded);

        epochId = ++epochCount;
        uint40 activeAt = uint40(block.timestamp) + disputePeriod;
        _epochs[epochId] = Epoch({
            root: root,
            manifestHash: manifestHash,
            cumulativeTotal: uint128(cumulativeTotal),
            proposedAt: uint40(block.timestamp),
            activeAt: activeAt,
            revoked: false
        });
        pendingEpochId = epochId;
        _pendingActiveAt = activeAt;
        emit EpochProposed(epochId, root, cumulativeTotal, manifestHash, manifestURI, activeAt);
    }

    /// @inheritdoc IRewardDistributor
    function acceptEpoch() external {
        uint32 pending = pendingEpochId;
        if (pending == 0) revert RewardDistributorNoPendingEpoch();
        if (block.timestamp < _pendingActiveAt) revert RewardDistributorDisputeWindowOpen(pending, _pendingActiveAt);
        _activate(pending);
    }

    /// @inheritdoc IRewardDistributor
    function revokeEpoch(uint32 epochId) external onlyGuardian {
        if (epochId == 0 || epochId != pendingEpochId || block.timestamp >= _pendingActiveAt) {
            revert RewardDistributorEpochNotPending(epochId);
        }
        _epochs[epochId].revoked = true;
        pendingEpochId = 0;
        emit EpochRevoked(epochId, msg.sender);
    }

    /// @inheritdoc IRewardDistributor
    function pause() external onlyGuardian whenNotPaused {
        paused = true;
        emit PausedSet(msg.sender, true);
    }

    /// @inheritdoc IRewardDistributor
    function unpause() external onlyGuardian {
        if (!paused) revert RewardDistributorNotPaused();
        paused = false;
        emit PausedSet(msg.sender, false);
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc IRewardDistributor
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        nonReentrant
        whenNotPaused
        returns (uint256 amount)
    {
        amount = _claim(_requireCurrentEpochId(), account, cumulativeAmount, proof, true);
    }

    /// @inheritdoc IRewardDistributor
    function claimMany(Claim[] calldata claims) external nonReentrant whenNotPaused returns (uint256 total) {
        uint32 epochId = _requireCurrentEpochId();
        for (uint256 i; i < claims.length; ++i) {
            Claim calldata item = claims[i];
            total += _claim(epochId, item.account, item.cumulativeAmount, item.proof, false);
        }
    }

    // ------------------------------------------------------------------- admin

    /// @inheritdoc IRewardDistributor
    function setAttributor(address account, bool enabled) external onlyOwner {
        if (account == address(0)) revert RewardDistributorZeroAddress();
        isAttributor[account] = enabled;
        emit AttributorSet(account, enabled);
    }

    /// @inheritdoc IRewardDistributor
    function setGuardian(address account, bool enabled) external onlyOwner {
        if (account == address(0)) revert RewardDistributorZeroAddress();
        isGuardian[account] = enabled;
        emit GuardianSet(account, enabled);
    }

    /// @inheritdoc IRewardDistributor
    function setDisputePeriod(uint40 disputePeriod_) external onlyOwner {
        _setDisputePeriod(disputePeriod_);
    }

    // ------------------------------------------------------------------- views

    /// @inheritdoc IRewardDistributor
    function currentEpochId() public view returns (uint32) {
        uint32 pending = pendingEpochId;
        if (pending != 0 && block.timestamp >= _pendingActiveAt) return pending;
        return activeEpochId;
    }

    /// @inheritdoc IRewardDistributor
    function getEpoch(uint32 epochId) external view returns (Epoch memory) {
        return _epochs[epochId];
    }

    /// @inheritdoc IRewardDistributor
    function claimable(address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        external
        view
        returns (uint256)
    {
        uint32 epochId = _requireCurrentEpochId();
        _requireValidProof(_epochs[epochId].root, account, cumulativeAmount, proof);
        uint256 already = claimed[account];
        return cumulativeAmount > already ? cumulativeAmount - already : 0;
    }

    // ---------------------------------------------------------------- internal

    function _claim(uint32 epochId, address account, uint256 cumulativeAmount, bytes32[] calldata proof, bool strict)
        private
        returns (uint256 amount)
    {
        Epoch storage epoch = _epochs[epochId];
        _requireValidProof(epoch.root, account, cumulativeAmount, proof);
        uint256 already = claimed[account];
        if (cumulativeAmount <= already) {
            if (strict) revert RewardDistributorNothingToClaim(account, cumulativeAmount, already);
            return 0;
        }
        amount = cumulativeAmount - already;
        uint256 newTotalClaimed = uint256(totalClaimed) + amount;
        if (newTotalClaimed > epoch.cumulativeTotal) {
            revert RewardDistributorEpochTotalExceeded(epochId, epoch.cumulativeTotal);
        }
        claimed[account] = cumulativeAmount;
        totalClaimed = uint128(newTotalClaimed);
        emit Claimed(account, epochId, msg.sender, amount, cumulativeAmount);
        token.safeTransfer(account, amount);
    }

    function _requireValidProof(bytes32 root, address account, uint256 cumulativeAmount, bytes32[] calldata proof)
        private
        pure
    {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) {
            revert RewardDistributorInvalidProof(account, cumulativeAmount);
        }
    }

    function _requireCurrentEpochId() private view returns (uint32 epochId) {
        epochId = currentEpochId();
        if (epochId == 0) revert RewardDistributorNoActiveEpoch();
    }

    function _activate(uint32 epochId) private {
        activeEpochId = epochId;
        pendingEpochId = 0;
        emit EpochActivated(epochId);
    }

    function _setDisputePeriod(uint40 disputePeriod_) private {
        if (disputePeriod_ > MAX_DISPUTE_PERIOD) {
            revert RewardDistributorDisputePeriodTooLong(disputePeriod_, MAX_DISPUTE_PERIOD);
        }
        disputePeriod = disputePeriod_;
        emit DisputePeriodSet(disputePeriod_);
    }
}
