// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A hostile token that, once armed, calls `target` with `payload` in the middle of its next transfer and
/// bubbles up any revert, the way a token with transfer hooks could re-enter its caller.
contract ReentrantTokenMock is ERC20 {
    address public target;
    bytes public payload;

    constructor() ERC20("Reentrant", "REENTER") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address callee = target;
        if (callee == address(0) || from == address(0)) return;
        target = address(0);
        (bool ok, bytes memory returned) = callee.call(payload);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(returned, 0x20), mload(returned))
            }
        }
    }
}
