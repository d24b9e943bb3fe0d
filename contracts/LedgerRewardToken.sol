// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title LedgerRewardToken
/// @notice The reward token of local and test deployments. Its owner mints; production deployments bring their own.
contract LedgerRewardToken is ERC20, ERC20Permit, Ownable {
    constructor(address owner_) ERC20("Ledger Reward", "LEDGER") ERC20Permit("Ledger Reward") Ownable(owner_) {}

    /// @notice Mints `amount` to `to`. Only the owner may.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
