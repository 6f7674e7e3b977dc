// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/**
 * @title MockERC721Receiver
 * @notice Test double of a contract receiving ERC-721 tokens: it accepts, answers a wrong value,
 * reverts with a reason, reverts without one, or reverts with a custom error, as deployed.
 */
contract MockERC721Receiver is IERC721Receiver {
    /// @notice How the receiver answers `onERC721Received`.
    enum Mode {
        Accept,
        WrongMagic,
        RevertWithReason,
        RevertWithoutReason,
        RevertWithCustomError
    }

    /// @notice The receiver's answer.
    Mode public immutable mode;

    /**
     * @notice Emitted when the receiver accepted a token.
     * @param operator The caller of the transfer or mint.
     * @param from The previous owner (zero for a mint).
     * @param tokenId The token.
     */
    event Received(address operator, address from, uint256 tokenId);

    /// @notice The custom error of {Mode.RevertWithCustomError}.
    error NotWanted(uint256 tokenId);

    /// @param mode_ How to answer.
    constructor(Mode mode_) {
        mode = mode_;
    }

    /// @inheritdoc IERC721Receiver
    function onERC721Received(address operator, address from, uint256 tokenId, bytes calldata) external returns (bytes4) {
        if (mode == Mode.WrongMagic) return bytes4(0xdeadbeef);
        if (mode == Mode.RevertWithReason) revert("not accepting tokens");
        if (mode == Mode.RevertWithoutReason) revert();
        if (mode == Mode.RevertWithCustomError) revert NotWanted(tokenId);
        emit Received(operator, from, tokenId);
        return IERC721Receiver.onERC721Received.selector;
    }
}
